import { randomUUID } from 'node:crypto';
import type { IssueRequest } from './issue-request';

let auditCounter = 0;

/** AM's `auditTrackingId`: `<uuid>-<counter>` (am-spec §6.2). */
export function newAuditTrackingId(): string {
  auditCounter = (auditCounter + 1) % 1_000_000_000;
  return `${randomUUID()}-${auditCounter}`;
}

export interface ClaimTimes {
  iat: number;
  exp: number;
  /** The configured lifetime in seconds (AM writes it into the JWT as `expires_in`). */
  lifetime: number;
}

/**
 * The claims of an access or refresh token (am-spec §6.2): `scope` is an array here (a string on
 * the token response), `aud` the client id unless an exchange set audiences, `auth_level` and
 * `auth_time` only for tokens that carry a user.
 */
export function buildClaims(
  request: IssueRequest,
  issuer: string,
  tokenName: 'access_token' | 'refresh_token',
  ids: { jti: string; authGrantId: string; auditTrackingId: string },
  times: ClaimTimes,
  stateless: boolean,
): Record<string, unknown> {
  const { subject, client } = request;
  const claims: Record<string, unknown> = {
    sub: subject.id,
    subname: subject.id,
    iss: issuer,
    tokenName,
    token_type: 'Bearer',
    authGrantId: ids.authGrantId,
    auditTrackingId: ids.auditTrackingId,
    client_id: client.clientId,
    aud: request.carried?.aud ?? client.clientId,
    nbf: times.iat,
    grant_type: request.grantType,
    scope: [...request.scopes],
    realm: request.realm,
    exp: times.exp,
    iat: times.iat,
    expires_in: times.lifetime,
    jti: ids.jti,
  };
  if (stateless) claims.cts = 'OAUTH2_STATELESS_GRANT';
  if (subject.type === 'usr') {
    claims.auth_level = subject.authLevel ?? 0;
    if (subject.authTime !== undefined) claims.auth_time = subject.authTime;
  }
  if (request.carried?.act) claims.act = request.carried.act;
  // RFC 9449 §6: the access token is bound to the proof key; a public client's refresh token too (§5).
  if (request.dpop && (tokenName === 'access_token' || client.clientType === 'Public')) {
    claims.cnf = { jkt: request.dpop.jkt };
    if (tokenName === 'access_token') claims.token_type = 'DPoP';
  }
  // RFC 8707 §2, RFC 9068 §3: a token for named resources has them as its audience; `resource`
  // keeps what was named (the refresh token's: the whole grant's) for introspection and refresh.
  const resources = tokenName === 'access_token' ? request.resources?.access : request.resources?.grant;
  if (resources?.length) {
    if (tokenName === 'access_token') claims.aud = resources.length === 1 ? resources[0] : [...resources];
    claims.resource = [...resources];
  }
  return claims;
}
