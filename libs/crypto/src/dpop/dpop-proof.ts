import { createHmac } from 'node:crypto';
import { InvalidDpopProofError, UseDpopNonceError } from '@mandate/oauth';
import { type JWK, calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { timingSafeEqualString, sha256Base64url } from '../hashing/hashing';

/** RFC 9449 §5.1 `dpop_signing_alg_values_supported`: asymmetric algorithms only (never `none` nor HMAC). */
export const DPOP_SIGNING_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'] as const;

/** What the request a proof accompanies looks like, and how strict to be. */
export interface DpopExpectation {
  /** The request's method (`htm`). */
  method: string;
  /** The request's URL as the client sees it, without query nor fragment (`htu`). */
  url: string;
  /** Seconds; defaults to the clock. */
  now?: number;
  /** How far `iat` may be from now, either way (RFC 9449 §11.1). */
  windowSeconds: number;
  /** Defaults to `DPOP_SIGNING_ALGORITHMS`. */
  algorithms?: readonly string[];
  /** A resource request: the access token the proof must hash into `ath` (RFC 9449 §4.3). */
  accessToken?: string;
}

/** A proof whose signature, header and claims passed: the key's thumbprint and the one-time id. */
export interface DpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: `cnf.jkt`. */
  jkt: string;
  jti: string;
  iat: number;
  nonce?: string;
}

/**
 * RFC 9449 §4.3 checks 1–11 except those needing state (single use of `jti`, the nonce, the
 * binding to a token), which the caller adds: one compact JWS, `typ: dpop+jwt`, an allowed
 * asymmetric `alg`, a public `jwk` whose key verifies the signature, `htm`, `htu`, `iat` within the
 * window, `jti` present, and `ath` when a token is presented. Every failure is `invalid_dpop_proof`.
 */
export async function verifyDpopProof(proof: string, expect: DpopExpectation): Promise<DpopProof> {
  const algorithms = expect.algorithms ?? DPOP_SIGNING_ALGORITHMS;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new InvalidDpopProofError('Invalid DPoP proof', 'the proof is not a JWS');
  }
  if (proof.split('.').length !== 3) throw new InvalidDpopProofError('Invalid DPoP proof', 'the proof is not a compact JWS');
  if (header.typ !== 'dpop+jwt') throw new InvalidDpopProofError('Invalid DPoP proof', `typ ${String(header.typ)}`);
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) throw new InvalidDpopProofError('Unsupported DPoP proof algorithm', `alg ${String(header.alg)}`);
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new InvalidDpopProofError('Invalid DPoP proof', 'no jwk header');
  if (jwk.kty === 'oct' || 'k' in jwk || 'd' in jwk || 'p' in jwk || 'q' in jwk) throw new InvalidDpopProofError('Invalid DPoP proof', 'the jwk header holds a private or symmetric key');
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [header.alg] }));
  } catch {
    throw new InvalidDpopProofError('Invalid DPoP proof', 'the signature does not verify with the proof key');
  }
  const { htm, htu, iat, jti, ath, nonce } = payload;
  if (typeof jti !== 'string' || jti.length < 8 || jti.length > 256) throw new InvalidDpopProofError('Invalid DPoP proof', 'jti missing or malformed');
  if (htm !== expect.method) throw new InvalidDpopProofError('Invalid DPoP proof', `htm ${String(htm)}`);
  if (typeof htu !== 'string' || normalUrl(htu) !== normalUrl(expect.url)) throw new InvalidDpopProofError('Invalid DPoP proof', `htu ${String(htu)}`);
  const now = expect.now ?? Math.floor(Date.now() / 1000);
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new InvalidDpopProofError('Invalid DPoP proof', 'iat missing');
  if (Math.abs(now - iat) > expect.windowSeconds) throw new InvalidDpopProofError('Invalid DPoP proof', `iat ${iat} outside the window around ${now}`);
  if (expect.accessToken !== undefined && ath !== sha256Base64url(expect.accessToken)) throw new InvalidDpopProofError('Invalid DPoP proof', 'ath does not match the access token');
  if (nonce !== undefined && typeof nonce !== 'string') throw new InvalidDpopProofError('Invalid DPoP proof', 'nonce malformed');
  return { jkt: await calculateJwkThumbprint(jwk, 'sha256'), jti, iat, ...(typeof nonce === 'string' ? { nonce } : {}) };
}

/** RFC 9449 §4.3 check 9: scheme and host compared case-insensitively, default ports dropped, no query nor fragment. */
function normalUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * RFC 9449 §8 server nonces without state: `<issued-at seconds>.<HMAC-SHA256(key, scope.issued-at)>`,
 * so any replica holding the key checks one, and it lasts `lifetimeSeconds`.
 */
export class DpopNonces {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(scope: string, now = Math.floor(Date.now() / 1000)): string {
    return `${now}.${this.mac(scope, now)}`;
  }

  valid(scope: string, nonce: string, now = Math.floor(Date.now() / 1000)): boolean {
    const dot = nonce.indexOf('.');
    if (dot <= 0) return false;
    const issuedAt = Number(nonce.slice(0, dot));
    if (!Number.isSafeInteger(issuedAt) || String(issuedAt) !== nonce.slice(0, dot)) return false;
    if (issuedAt > now + 5 || now - issuedAt > this.lifetimeSeconds) return false;
    return timingSafeEqualString(nonce.slice(dot + 1), this.mac(scope, issuedAt));
  }

  /** The nonce check of a proof: absent or stale → `use_dpop_nonce` with a fresh one. */
  require(scope: string, proof: DpopProof, now?: number): void {
    if (proof.nonce === undefined) throw new UseDpopNonceError(this.issue(scope, now), 'the proof carries no nonce');
    if (!this.valid(scope, proof.nonce, now)) throw new UseDpopNonceError(this.issue(scope, now), 'the proof nonce is unknown or stale');
  }

  private mac(scope: string, issuedAt: number): string {
    return createHmac('sha256', this.key).update(`${scope}.${issuedAt}`).digest('base64url');
  }
}
