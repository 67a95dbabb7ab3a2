import { MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `registration.jwt-bearer.verify`: checks the `assertion` of a JWT bearer grant (RFC 7523 §2.1,
 * §3) against the realm's trusted issuers (`advancedOAuth2Config.trustedJwtIssuers`): signature
 * by the issuer's `jwkSet` or `jwksUri`, `aud`, `exp`, `nbf`, a `jti` used once. Fails with
 * `invalid_grant` (400). Replies with the subject it names: a user (by the claim the issuer's
 * `resourceOwnerIdentityClaim` says, a username) or an AI agent (a client id).
 */
export const jwtBearerVerifyRequestSchema = z.object({
  realm: realmPathSchema,
  assertion: z.string().max(MAX_TOKEN_LENGTH),
  /** The requesting client: an assertion naming another (`client_id`, ID-JAG) is refused before its `jti` is spent. */
  clientId: z.string().min(1).max(2048),
});
export type JwtBearerVerifyRequest = z.infer<typeof jwtBearerVerifyRequestSchema>;
export const jwtBearerVerifyReplySchema = z.object({
  issuer: z.string(),
  subjectType: z.enum(['user', 'agent']),
  subject: z.string(),
  /** The assertion's `scope` claim (space-separated, as ID-JAG carries it), when present: the token may have no more. */
  scopes: z.array(z.string()).optional(),
  /** The assertion's `client_id` claim (ID-JAG): the client the assertion was issued to; it must be the requesting one. */
  clientId: z.string().optional(),
  /** The assertion's `resource` claim (ID-JAG), when present. */
  resources: z.array(z.string()).optional(),
});
export type JwtBearerVerifyReply = z.infer<typeof jwtBearerVerifyReplySchema>;
