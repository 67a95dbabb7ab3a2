import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `authorize.code.consume`: token-service redeems an authorization code (am-spec §3.5, contract
 * §3.7). Atomic and single use: the first call gets the code's binding, every later call
 * `replayed` with the grant id (whose tokens token-service then revokes), an unknown or expired
 * code `invalid`. The code is hashed at rest; the plain value only travels in this request.
 */
export const codeConsumeRequestSchema = z.object({
  realm: realmPathSchema,
  code: z.string().min(1).max(1024),
});
export type CodeConsumeRequest = z.infer<typeof codeConsumeRequestSchema>;

/** What a code was issued for. */
export const codeGrantSchema = z.object({
  clientId: z.string(),
  /** The `redirect_uri` sent to /authorize, or null when the request left it out. */
  redirectUri: z.string().nullable(),
  scopes: z.array(z.string()),
  /** RFC 8707 §2.2: the resources the authorization request named (on the client's allow-list); [] when none. */
  resources: z.array(z.string()).default([]),
  /** The resource owner's user `_id` (UUID) and username. */
  userId: z.string(),
  username: z.string(),
  authLevel: z.number().int().min(0),
  /** Seconds since the epoch: when the user signed in (or the code was issued, when unknown). */
  authTime: z.number().int(),
  codeChallenge: z.string().nullable(),
  codeChallengeMethod: z.enum(['S256', 'plain']).nullable(),
  nonce: z.string().nullable(),
  /** Every token issued from this code carries this `authGrantId`. */
  authGrantId: z.string(),
});
export type CodeGrant = z.infer<typeof codeGrantSchema>;

export const codeConsumeReplySchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('consumed'), grant: codeGrantSchema }),
  z.object({ outcome: z.literal('replayed'), authGrantId: z.string() }),
  z.object({ outcome: z.literal('invalid') }),
]);
export type CodeConsumeReply = z.infer<typeof codeConsumeReplySchema>;
