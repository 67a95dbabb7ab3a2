import { InvalidClientError } from '@mandate/oauth';
import { type JWTPayload, type JWTVerifyGetKey, decodeProtectedHeader, errors, jwtVerify } from 'jose';

/**
 * Asymmetric algorithms a `private_key_jwt` assertion may be signed with (OIDC Core §9): never
 * `none`, never HMAC (an HS* assertion would need the client secret, which Mandate keeps only
 * hashed). Advertised as `token_endpoint_auth_signing_alg_values_supported`.
 */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** Clock skew allowed on `exp`, `nbf` and `iat` (seconds). */
export const ASSERTION_SKEW_SECONDS = 60;
/** The furthest in the future an assertion's `exp` may lie (seconds): a client assertion is for one request, now. */
export const ASSERTION_MAX_LIFETIME_SECONDS = 600;

export interface AssertionCheck {
  /** The client the request names: `iss` and `sub` must both be it (RFC 7523 §3 items 1-2). */
  clientId: string;
  /** Acceptable `aud` values: the issuer and the endpoint's URL (RFC 7523 §3 item 3). */
  audiences: string[];
  /** The client's verification keys, by the JWS header (jose's JWKS resolvers). */
  keys: JWTVerifyGetKey;
  /** Seconds since the epoch; tests set it. */
  now?: number;
}

export interface VerifiedAssertion {
  jti: string;
  /** `exp`, seconds since the epoch: the `jti` is kept this long. */
  exp: number;
  claims: JWTPayload;
}

/**
 * RFC 7523 §3 for a client assertion (§2.2), every failure 401 `invalid_client` (its reason
 * log-only): the signature by one of the client's keys with an asymmetric algorithm; `iss` =
 * `sub` = client_id; `aud` the issuer or endpoint; `exp` required, not past (skew) and at most
 * ASSERTION_MAX_LIFETIME_SECONDS ahead; `nbf` and `iat`, when present, not in the future (skew);
 * `jti` required. Single use of the `jti` is the caller's (ReplayStore).
 */
export async function verifyClientAssertion(assertion: string, check: AssertionCheck): Promise<VerifiedAssertion> {
  const now = check.now ?? Math.floor(Date.now() / 1000);
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw refused('the client assertion is not a JWS');
  }
  if (!alg || !(CLIENT_ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) throw refused(`client assertion algorithm ${alg ?? '(none)'} is not accepted`);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(assertion, check.keys, {
      algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
      currentDate: new Date(now * 1000),
      clockTolerance: ASSERTION_SKEW_SECONDS,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw refused(reason(error));
  }
  if (claims.iss !== check.clientId) throw refused(`client assertion iss ${String(claims.iss)} is not the client ${check.clientId}`);
  if (claims.sub !== check.clientId) throw refused(`client assertion sub ${String(claims.sub)} is not the client ${check.clientId}`);
  const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!aud.some((a) => check.audiences.includes(a))) throw refused(`client assertion aud ${JSON.stringify(claims.aud)} names neither the issuer nor the endpoint`);
  const exp = claims.exp as number;
  if (exp > now + ASSERTION_MAX_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS) throw refused(`client assertion exp is more than ${ASSERTION_MAX_LIFETIME_SECONDS} s ahead`);
  if (typeof claims.iat === 'number' && claims.iat > now + ASSERTION_SKEW_SECONDS) throw refused('client assertion iat is in the future');
  if (typeof claims.jti !== 'string' || claims.jti === '' || claims.jti.length > 256) throw refused('client assertion has no jti');
  return { jti: claims.jti, exp, claims };
}

function refused(detail: string): InvalidClientError {
  return new InvalidClientError(detail);
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'client assertion expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `client assertion ${error.claim} claim: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'client assertion signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the client matches the client assertion';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'several keys of the client match the client assertion; name one by kid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'client assertion algorithm is not accepted';
  if (error instanceof InvalidClientError) return error.detail ?? 'client assertion refused';
  return `client assertion refused: ${(error as Error).message}`;
}
