import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** `authn.session.validate`: is this SSO token (`iPlanetDirectoryPro`) a live session, and whose? */
export const sessionValidateRequestSchema = z.object({
  tokenId: z.string().min(1).max(4096),
});
export type SessionValidateRequest = z.infer<typeof sessionValidateRequestSchema>;

export const activeSessionSchema = z.object({
  valid: z.literal(true),
  /** The user's UUID `_id`: the `sub` of the tokens this session leads to. */
  userId: z.string(),
  username: z.string(),
  /** The realm the user signed in to (`/` for amadmin). */
  realm: realmPathSchema,
  /** amadmin (root realm administrator). */
  isAdmin: z.boolean(),
  /** Authentication level of the login (AM `auth_level`). */
  authLevel: z.number().int().min(0),
  /** ISO-8601: when the session ends at the latest (idle or maximum lifetime, whichever is first). */
  expiresAt: z.string(),
});
export type ActiveSession = z.infer<typeof activeSessionSchema>;

export const sessionValidateReplySchema = z.discriminatedUnion('valid', [activeSessionSchema, z.object({ valid: z.literal(false) })]);
export type SessionValidateReply = z.infer<typeof sessionValidateReplySchema>;
