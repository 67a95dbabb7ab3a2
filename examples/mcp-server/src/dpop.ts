import { createHash } from 'node:crypto';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { type JWK, calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'];
const WINDOW_S = 60;

/**
 * RFC 9449 §7.1 at the resource server: a `DPoP` proof for this request (`htm`, `htu`, `iat`
 * within a minute, `ath` = the token's hash, a public `jwk` whose key signed it, `jti` once) whose
 * key is the one the token is bound to (`cnf.jkt`). The `jti`s seen are kept in memory for the
 * window: one process. Answers nothing, or throws `InvalidTokenError` (401).
 */
export class DpopProofVerifier {
  private readonly seen = new Map<string, number>();

  async verify(proof: string | string[] | undefined, request: { method: string; url: string; token: string; jkt: string }): Promise<void> {
    if (typeof proof !== 'string' || proof === '') throw new InvalidTokenError('DPoP-bound token without exactly one DPoP proof');
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      throw new InvalidTokenError('Invalid DPoP proof');
    }
    const jwk = header.jwk as JWK | undefined;
    if (header.typ !== 'dpop+jwt' || typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg) || !jwk || 'd' in jwk || jwk.kty === 'oct') {
      throw new InvalidTokenError('Invalid DPoP proof');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(proof, await importJWK(jwk, header.alg), { typ: 'dpop+jwt', algorithms: [header.alg] }));
    } catch {
      throw new InvalidTokenError('Invalid DPoP proof');
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload['htm'] !== request.method || typeof payload['htu'] !== 'string' || strip(payload['htu']) !== strip(request.url)) throw new InvalidTokenError('DPoP proof for another request');
    if (typeof payload['iat'] !== 'number' || Math.abs(now - payload['iat']) > WINDOW_S) throw new InvalidTokenError('DPoP proof too old or from the future');
    if (payload['ath'] !== createHash('sha256').update(request.token).digest('base64url')) throw new InvalidTokenError('DPoP proof for another access token');
    if ((await calculateJwkThumbprint(jwk, 'sha256')) !== request.jkt) throw new InvalidTokenError('DPoP proof signed with another key than the token is bound to');
    const jti = payload['jti'];
    if (typeof jti !== 'string' || jti === '') throw new InvalidTokenError('Invalid DPoP proof');
    this.forgetExpired(now);
    if (this.seen.has(jti)) throw new InvalidTokenError('DPoP proof replayed');
    this.seen.set(jti, now + WINDOW_S * 2);
  }

  private forgetExpired(now: number): void {
    for (const [jti, until] of this.seen) if (until < now) this.seen.delete(jti);
  }
}

function strip(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}
