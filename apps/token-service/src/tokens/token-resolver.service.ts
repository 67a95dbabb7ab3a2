import { Inject, Injectable } from '@nestjs/common';
import { JwtVerificationError, sha256Base64url } from '@mandate/crypto';
import { type StoredToken, TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { KeyService } from '../keys/key.service';
import { RealmIssuer } from '../issuance/realm-issuer';

/** A presented token that is live: issued here, in this realm, unexpired, unrevoked. */
export interface ResolvedToken {
  format: 'opaque' | 'jwt';
  kind: 'access_token' | 'refresh_token';
  claims: Record<string, unknown>;
  /** SHA-256 of the value: the key of server-side rows (every refresh token, opaque access tokens). */
  tokenHash: string;
  /** The server-side row, when there is one. */
  stored?: StoredToken;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Tells whether a presented token is live (contract §3.10): a signed token by its signature, its
 * issuer and realm, `exp`, the denylist and its grant; an opaque one by its stored row.
 */
@Injectable()
export class TokenResolver {
  constructor(
    private readonly keys: KeyService,
    private readonly issuer: RealmIssuer,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
  ) {}

  async resolve(realm: string, value: string, options: { allowUsedRefresh?: boolean } = {}): Promise<ResolvedToken | undefined> {
    const tokenHash = sha256Base64url(value);
    const now = new Date();
    if (COMPACT_JWS.test(value)) {
      const claims = await this.verify(realm, value);
      if (!claims) return undefined;
      const kind = claims.tokenName === 'refresh_token' ? 'refresh_token' : 'access_token';
      if (kind === 'refresh_token') {
        const stored = await this.store.find(tokenHash, realm);
        if (!stored || !live(stored, now, options)) return undefined;
        return { format: 'jwt', kind, claims, tokenHash, stored };
      }
      if (!(await this.store.isSignedTokenLive(String(claims.jti), String(claims.authGrantId)))) return undefined;
      return { format: 'jwt', kind, claims, tokenHash };
    }
    if (value.length > 512) return undefined;
    const stored = await this.store.find(tokenHash, realm);
    if (!stored || stored.format !== 'opaque' || !live(stored, now, options)) return undefined;
    return { format: 'opaque', kind: stored.kind, claims: stored.claims, tokenHash, stored };
  }

  private async verify(realm: string, jwt: string): Promise<Record<string, unknown> | undefined> {
    try {
      const ring = await this.keys.publishedKeys(realm);
      const { payload } = await ring.verify(jwt, { issuer: this.issuer.of(realm) });
      if (payload.realm !== realm || typeof payload.jti !== 'string' || typeof payload.authGrantId !== 'string') return undefined;
      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof JwtVerificationError) return undefined;
      throw error;
    }
  }
}

function live(token: StoredToken, now: Date, options: { allowUsedRefresh?: boolean }): boolean {
  if (token.revoked || token.expiresAt <= now) return false;
  return !(token.kind === 'refresh_token' && token.usedAt && !options.allowUsedRefresh);
}
