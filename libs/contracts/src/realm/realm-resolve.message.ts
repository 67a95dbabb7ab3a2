import { z } from 'zod';

/** A realm path as AM writes it in responses: `/` for root, `/alpha`, `/alpha/child`. */
export const realmPathSchema = z
  .string()
  .regex(/^\/([A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*)?$/, 'a realm path such as / or /alpha');

export const realmResolveRequestSchema = z.object({ realm: realmPathSchema });
export type RealmResolveRequest = z.infer<typeof realmResolveRequestSchema>;

export const realmSchema = z.object({
  id: z.string(),
  /** `/alpha` */
  path: realmPathSchema,
  /** `alpha` (`/` for root) */
  name: z.string(),
  active: z.boolean(),
});
export type RealmView = z.infer<typeof realmSchema>;
export const realmResolveReplySchema = realmSchema;
