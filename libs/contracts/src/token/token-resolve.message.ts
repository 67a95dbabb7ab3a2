import { MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `token.resolve`: what token-service knows of a token presented to introspection or tokeninfo.
 * Active means: issued by this realm, of a known format, signature valid (JWT), not expired,
 * not revoked, its grant not revoked.
 */
export const tokenResolveRequestSchema = z.object({
  realm: realmPathSchema,
  token: z.string().min(1).max(MAX_TOKEN_LENGTH),
});
export type TokenResolveRequest = z.infer<typeof tokenResolveRequestSchema>;

/**
 * The token's claims in AM's names (am-spec §6.2): `sub`, `subname`, `iss`, `aud`, `client_id`,
 * `scope` (array), `grant_type`, `authGrantId`, `auditTrackingId`, `jti`, `exp`, `iat`, `nbf`,
 * `realm`, `auth_level`, `auth_time`, `tokenName`, `token_type`, `act`, `may_act`, … .
 */
export const tokenClaimsSchema = z
  .object({
    sub: z.string(),
    subname: z.string(),
    iss: z.string(),
    aud: z.union([z.string(), z.array(z.string())]),
    client_id: z.string(),
    scope: z.array(z.string()),
    grant_type: z.string(),
    authGrantId: z.string(),
    auditTrackingId: z.string(),
    jti: z.string(),
    exp: z.number().int(),
    iat: z.number().int(),
    nbf: z.number().int(),
    realm: z.string(),
    tokenName: z.enum(['access_token', 'refresh_token']),
    token_type: z.string(),
    auth_level: z.number().int().optional(),
    auth_time: z.number().int().optional(),
    act: z.record(z.string(), z.unknown()).optional(),
    may_act: z.record(z.string(), z.unknown()).optional(),
  })
  .catchall(z.unknown());
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export const tokenResolveReplySchema = z.discriminatedUnion('active', [
  z.object({
    active: z.literal(true),
    /** `opaque`: a server-side reference; `jwt`: a signed client-side token. */
    format: z.enum(['opaque', 'jwt']),
    claims: tokenClaimsSchema,
  }),
  z.object({ active: z.literal(false) }),
]);
export type TokenResolveReply = z.infer<typeof tokenResolveReplySchema>;
