import { remainingSeconds } from '@mandate/oauth';
import type { TokenClaims, TokenInfoReply } from '@mandate/contracts';

/**
 * Claim order of AM's client-side tokens (am-spec §6.2), with `access_token` where seed 004's
 * tokeninfo prints it (after `client_id`). Claims not named here follow in their own order.
 */
const AM_ORDER = [
  'sub',
  'cts',
  'auth_level',
  'auditTrackingId',
  'subname',
  'iss',
  'tokenName',
  'token_type',
  'authGrantId',
  'client_id',
  'access_token',
  'aud',
  'nbf',
  'act',
  'may_act',
  'grant_type',
  'scope',
  'auth_time',
  'realm',
  'exp',
  'iat',
  'expires_in',
  'jti',
];

/**
 * am-spec §8, seed 004: the token's claims (`aud` included, `scope` an array) plus the token
 * itself as `access_token` and `expires_in` recomputed; then every granted scope as a
 * top-level key whose value is the scope evaluator's, `""` by default. A scope named like a
 * claim does not overwrite the claim.
 */
export function toTokenInfo(claims: TokenClaims, accessToken: string, nowMs: number): TokenInfoReply {
  const values: Record<string, unknown> = { ...claims, access_token: accessToken, expires_in: remainingSeconds(claims.exp, nowMs) };
  const info: Record<string, unknown> = {};
  for (const key of AM_ORDER) if (values[key] !== undefined) info[key] = values[key];
  for (const [key, value] of Object.entries(values)) if (!(key in info) && value !== undefined) info[key] = value;
  for (const scope of claims.scope) if (!(scope in info)) info[scope] = '';
  return info;
}
