import { Injectable } from '@nestjs/common';
import type { ProviderSettings } from '@mandate/contracts';
import { isSigningAlgorithm, randomToken, type SigningAlgorithm } from '@mandate/crypto';
import { DEFAULT_SIGNING_ALGORITHM, KeyService } from '../keys/key.service';

/**
 * STYLE habit 8: the token format is a strategy chosen per client (contract §3.10).
 * - `opaque`: a 27-character random reference (AM's server-side tokens, am-spec §4.3); the
 *   claims live in Postgres under the reference's SHA-256.
 * - `jwt`: the claims signed by the realm's active key (`kid`). An access token is an RFC 9068
 *   JWT access token (`typ: at+jwt`, `scope` a space-separated string, §2.1–2.2.3); a refresh
 *   token keeps AM's body (`typ: JWT`, `scope` an array; am-spec §6.2), and so does an access
 *   token when the provider's `advancedOAuth2Config.amJwtAccessTokens` is true.
 */
export interface TokenFormat {
  readonly name: 'opaque' | 'jwt';
  mint(realm: string, claims: Record<string, unknown>, provider: ProviderSettings): Promise<string>;
}

/** 20 random bytes: 160 bits, 27 base64url characters, like AM's references: opaque tokens, `authGrantId` and `jti` (am-spec §6.2). */
export const REFERENCE_BYTES = 20;

@Injectable()
export class OpaqueTokenFormat implements TokenFormat {
  readonly name = 'opaque' as const;

  mint(): Promise<string> {
    return Promise.resolve(randomToken(REFERENCE_BYTES));
  }
}

@Injectable()
export class JwtTokenFormat implements TokenFormat {
  readonly name = 'jwt' as const;

  constructor(private readonly keys: KeyService) {}

  async mint(realm: string, claims: Record<string, unknown>, provider: ProviderSettings): Promise<string> {
    const ring = await this.keys.keyRing(realm, signingAlgorithm(provider));
    // `amJwtAccessTokens` (a Mandate provider setting, off by default): AM's own body for resource servers that read it.
    if (claims.tokenName !== 'access_token' || provider.advancedOAuth2Config['amJwtAccessTokens'] === true) return ring.sign(claims, { typ: 'JWT' });
    // RFC 9068 §2.1 `typ: at+jwt`; §2.2.3 `scope` as in RFC 8693 §4.2, one space-separated string.
    const scope = Array.isArray(claims.scope) ? claims.scope.join(' ') : claims.scope;
    return ring.sign({ ...claims, scope }, { typ: 'at+jwt' });
  }
}

/**
 * The claims of a verified JWT in the form the server keeps them (am-spec §6.2: `scope` an
 * array), whichever profile it was signed in: introspection and tokeninfo answer AM's shapes.
 */
export function storedClaimsOf(payload: Record<string, unknown>): Record<string, unknown> {
  if (typeof payload.scope !== 'string') return payload;
  return { ...payload, scope: payload.scope.split(' ').filter((s) => s.length > 0) };
}

/**
 * The provider's `tokenSigningAlgorithm`: RS256 or ES256. AM also offers HMAC and others; a
 * resource server cannot verify an HMAC token, so anything else signs with RS256.
 */
export function signingAlgorithm(provider: ProviderSettings): SigningAlgorithm {
  const alg = provider.advancedOAuth2Config.tokenSigningAlgorithm;
  return isSigningAlgorithm(alg) ? alg : DEFAULT_SIGNING_ALGORITHM;
}
