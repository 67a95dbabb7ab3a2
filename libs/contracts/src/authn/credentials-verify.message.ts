import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `authn.credentials.verify`: the resource owner password grant (am-spec §4.6) checks a user's
 * password without creating an SSO session. Same lockout rules as a login.
 */
export const credentialsVerifyRequestSchema = z.object({
  realm: realmPathSchema,
  username: z.string().min(1).max(1024),
  password: z.string().max(4096),
});
export type CredentialsVerifyRequest = z.infer<typeof credentialsVerifyRequestSchema>;

export const credentialsVerifyReplySchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), userId: z.string(), username: z.string(), authLevel: z.number().int().min(0) }),
  z.object({ valid: z.literal(false) }),
]);
export type CredentialsVerifyReply = z.infer<typeof credentialsVerifyReplySchema>;

/**
 * `authn.user.lookup`: a user of the realm by `_id` or username, with the groups it is a member
 * of (application policies' `subjectGroups`, am-spec §5.9); null when there is no such user.
 */
export const userLookupRequestSchema = z.object({
  realm: realmPathSchema,
  /** A user `_id` (UUID) or a username. */
  user: z.string().min(1).max(1024),
});
export type UserLookupRequest = z.infer<typeof userLookupRequestSchema>;
export const userLookupReplySchema = z
  .object({ userId: z.string(), username: z.string(), groups: z.array(z.string()), active: z.boolean() })
  .nullable();
export type UserLookupReply = z.infer<typeof userLookupReplySchema>;
