import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** `authn.session.logout` and `authn.session.check`: AM's `/json/sessions?_action=logout|validate`. */
export const sessionActionRequestSchema = z.object({
  realm: realmPathSchema,
  tokenId: z.string().min(1).max(4096).optional(),
});
export type SessionActionRequest = z.infer<typeof sessionActionRequestSchema>;

export const sessionLogoutReplySchema = z.object({ result: z.literal('Successfully logged out') });
export type SessionLogoutReply = z.infer<typeof sessionLogoutReplySchema>;

/** AM's `_action=validate` body: `{valid, sessionUid, uid, realm}` or `{valid: false}`. */
export const sessionCheckReplySchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), sessionUid: z.string(), uid: z.string(), realm: realmPathSchema }),
  z.object({ valid: z.literal(false) }),
]);
export type SessionCheckReply = z.infer<typeof sessionCheckReplySchema>;
