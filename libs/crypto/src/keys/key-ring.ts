import {
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type JWTVerifyResult,
  type JWSHeaderParameters,
  SignJWT,
  errors,
  importJWK,
  jwtVerify,
} from 'jose';
import { JwtVerificationError } from './jwt-verification.error';
import { type Jwk, type PublishedKey, SIGNING_ALGORITHMS, type SigningAlgorithm, type SigningKey, toPublicJwk } from './signing-key';

export interface KeyRingOptions {
  /** The key that signs. */
  active: SigningKey;
  /** Keys that signed before (retired by a rotation): still published and accepted until their `notAfter`. */
  previous?: readonly PublishedKey[];
  /** Milliseconds since the epoch; `Date.now` unless a test needs another clock. */
  now?: () => number;
}

/** Protected header members besides `alg` and `kid`, which the ring sets itself. */
export interface SignHeader {
  /** `JWT` (AM's access tokens, am-spec §6.2), `at+jwt` (RFC 9068), …; default `JWT`. */
  typ?: string;
  [member: string]: unknown;
}

export interface VerifyOptions {
  issuer: string;
  audience?: string | string[];
  /** Required `typ` header, when the caller cares. */
  typ?: string;
  /** Seconds of clock skew tolerated for `exp`/`nbf`; default 0. */
  clockToleranceS?: number;
}

export interface JsonWebKeySet {
  keys: Jwk[];
}

/**
 * A realm's signing keys: the active one signs, the active and every unexpired previous one
 * verify and are published. Imported `CryptoKey`s are cached for the ring's lifetime:
 * importing a JWK per request halves verification throughput (stack spike §4).
 */
export class KeyRing {
  readonly active: SigningKey;
  private readonly previous: readonly PublishedKey[];
  private readonly now: () => number;
  private signingKey?: Promise<CryptoKey>;
  private readonly verificationKeys = new Map<string, Promise<CryptoKey>>();

  constructor(options: KeyRingOptions) {
    this.active = options.active;
    this.previous = (options.previous ?? []).filter((k) => k.kid !== options.active.kid);
    this.now = options.now ?? (() => Date.now());
  }

  get activeKid(): string {
    return this.active.kid;
  }

  /** The active key and the previous keys whose `notAfter` has not passed, active first. */
  published(): PublishedKey[] {
    const now = this.now();
    const live = this.previous.filter((k) => !k.notAfter || k.notAfter.getTime() > now);
    return [{ kid: this.active.kid, alg: this.active.alg, publicJwk: this.active.publicJwk }, ...live];
  }

  /** The JWK Set served at `connect/jwk_uri` (am-spec §10.2): public members only, with `kid`, `use` and `alg`. */
  jwks(): JsonWebKeySet {
    return { keys: this.published().map((k) => ({ ...toPublicJwk(k.publicJwk), kid: k.kid, use: 'sig', alg: k.alg })) };
  }

  /** A compact JWS over `claims`, signed by the active key; `kid` names it (contract §3.10). */
  async sign(claims: JWTPayload, header: SignHeader = {}): Promise<string> {
    const { typ = 'JWT', ...extras } = header;
    const protectedHeader: JWSHeaderParameters = { ...extras, typ, alg: this.active.alg, kid: this.active.kid };
    this.signingKey ??= importKey(this.active.privateJwk, this.active.alg);
    return new SignJWT(claims).setProtectedHeader(protectedHeader as JWSHeaderParameters & { alg: string }).sign(await this.signingKey);
  }

  /**
   * Verifies a compact JWS signed by one of this ring's published keys, chosen by `kid`.
   * Rejects `alg: none` and every algorithm other than the key's own, an unknown or missing
   * `kid`, a bad signature, an expired or not-yet-valid token and a wrong issuer/audience/typ.
   */
  async verify(jwt: string, options: VerifyOptions): Promise<JWTVerifyResult> {
    const keys = new Map(this.published().map((k) => [k.kid, k]));
    try {
      return await jwtVerify(
        jwt,
        async (header) => {
          const key = header.kid === undefined ? undefined : keys.get(header.kid);
          if (!key) throw new JwtVerificationError('unknown_kid', `no published key has kid ${JSON.stringify(header.kid)}`);
          if (header.alg !== key.alg) throw new JwtVerificationError('alg_not_allowed', `key ${key.kid} is ${key.alg}, token says ${header.alg}`);
          return this.verificationKey(key);
        },
        {
          issuer: options.issuer,
          audience: options.audience,
          typ: options.typ,
          algorithms: [...SIGNING_ALGORITHMS],
          clockTolerance: options.clockToleranceS ?? 0,
          currentDate: new Date(this.now()),
        },
      );
    } catch (error) {
      throw toVerificationError(error);
    }
  }

  private verificationKey(key: PublishedKey): Promise<CryptoKey> {
    let imported = this.verificationKeys.get(key.kid);
    if (!imported) {
      imported = importKey(toPublicJwk(key.publicJwk), key.alg);
      this.verificationKeys.set(key.kid, imported);
    }
    return imported;
  }
}

async function importKey(jwk: JWK, alg: SigningAlgorithm): Promise<CryptoKey> {
  const key = await importJWK(jwk, alg);
  if (key instanceof Uint8Array) throw new TypeError(`a ${alg} key cannot be symmetric`);
  return key;
}

function toVerificationError(error: unknown): JwtVerificationError {
  if (error instanceof JwtVerificationError) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  if (error instanceof errors.JWTExpired) return new JwtVerificationError('expired', message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new JwtVerificationError(error.claim === 'nbf' || error.claim === 'iat' ? 'not_yet_valid' : 'claim_invalid', message);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new JwtVerificationError('bad_signature', message);
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return new JwtVerificationError('alg_not_allowed', message);
  return new JwtVerificationError('malformed', message);
}
