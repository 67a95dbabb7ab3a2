import { Injectable } from '@nestjs/common';
import type { ProviderSettings } from '@mandate/contracts';
import { isSigningAlgorithm, randomToken, type SigningAlgorithm } from '@mandate/crypto';
import { DEFAULT_SIGNING_ALGORITHM, KeyService } from '../keys/key.service';

/**
 * STYLE habit 8: the token format is a strategy chosen per client (contract §3.10).
 * - `opaque`: a 27-character random reference (AM's server-side tokens, am-spec §4.3); the
 *   claims live in Postgres under the reference's SHA-256.
 * - `jwt`: the claims signed by the realm's active key (`typ: JWT`, `kid`; am-spec §6.2).
 */
export interface TokenFormat {
  readonly name: 'opaque' | 'jwt';
  mint(realm: string, claims: Record<string, unknown>, provider: ProviderSettings): Promise<string>;
}

/** 20 random bytes: 160 bits, 27 base64url characters, like AM's references. */
const REFERENCE_BYTES = 20;

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
    return ring.sign(claims, { typ: 'JWT' });
  }
}

/**
 * The provider's `tokenSigningAlgorithm`: RS256 or ES256. AM also offers HMAC and others; a
 * resource server cannot verify an HMAC token, so anything else signs with RS256.
 */
export function signingAlgorithm(provider: ProviderSettings): SigningAlgorithm {
  const alg = provider.advancedOAuth2Config.tokenSigningAlgorithm;
  return isSigningAlgorithm(alg) ? alg : DEFAULT_SIGNING_ALGORITHM;
}
