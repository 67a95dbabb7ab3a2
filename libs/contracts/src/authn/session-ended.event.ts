import { z } from 'zod';

/**
 * `authn.session.ended` (event, fan-out to every instance of every service): published by
 * authn-service when an SSO session ends (logout, or found expired). It names the session by
 * its token's SHA-256 (hex), as authn-service stores it: the token itself never travels in it.
 * Every process that caches session answers drops that session's entry when it arrives.
 */
export const sessionEndedEventSchema = z.object({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256, hex'),
  reason: z.enum(['logout', 'expired']),
  /** The session's realm and user (`_id`), so that a logout can revoke the user's tokens when the provider says so (issue 20). */
  realm: z.string().optional(),
  userId: z.string().optional(),
});
export type SessionEndedEvent = z.infer<typeof sessionEndedEventSchema>;
