import { remainingSeconds } from '@mandate/oauth';
import type { ActiveIntrospection, TokenClaims } from '@mandate/contracts';

/**
 * am-spec §7.3, the plain JSON answer for a live token, in AM's key order: `scope` as a
 * space-separated string; `user_id` and `username` are the subject; `auth_level`, `act` and
 * `may_act` only when the token has them; `expires_in` recomputed. Left out, as in AM's plain
 * JSON mode: `aud` (unless the token is bound to RFC 8707 resources), `nbf`, `iat`, `jti`, `grant_type`, `tokenName`, `cts`, `auth_time`.
 *
 * `token_type` is `Bearer` for access tokens (seed 003). A refresh token has no RFC 6749 §7.1
 * access-token type, so it names the kind: `refresh_token` (DOC-SILENT in AM 8.1; the value
 * AM's introspection has long given refresh tokens).
 */
export function toIntrospection(claims: TokenClaims, nowMs: number): ActiveIntrospection {
  return {
    active: true,
    scope: claims.scope.join(' '),
    realm: claims.realm,
    client_id: claims.client_id,
    user_id: claims.sub,
    username: claims.sub,
    token_type: claims.tokenName === 'refresh_token' ? 'refresh_token' : claims.token_type,
    exp: claims.exp,
    sub: claims.sub,
    iss: claims.iss,
    subname: claims.subname,
    ...(claims.auth_level !== undefined ? { auth_level: claims.auth_level } : {}),
    authGrantId: claims.authGrantId,
    ...(claims.act !== undefined ? { act: claims.act } : {}),
    ...(claims.may_act !== undefined ? { may_act: claims.may_act } : {}),
    // RFC 8707: a token bound to resources shows them (RFC 7662 §2.2 `aud`); AM's plain shape otherwise.
    ...(Array.isArray(claims.resource) && claims.resource.length ? { aud: claims.aud } : {}),
    ...(isBound(claims.cnf) ? { cnf: { jkt: claims.cnf.jkt } } : {}),
    auditTrackingId: claims.auditTrackingId,
    expires_in: remainingSeconds(claims.exp, nowMs),
  };
}

/** RFC 9449 §6: `cnf.jkt` of a DPoP-bound token. */
function isBound(cnf: unknown): cnf is { jkt: string } {
  return cnf !== null && typeof cnf === 'object' && typeof (cnf as Record<string, unknown>).jkt === 'string';
}
