import { Inject, Injectable } from '@nestjs/common';
import { MAX_OPAQUE_TOKEN_LENGTH } from '@mandate/contracts';
import { JwtVerificationError, sha256Base64url } from '@mandate/crypto';
import { type StoredToken, TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { RegistrationConfigClient, RpcClient, RealmIssuer } from '@mandate/platform';
import { KeyService } from '../keys/key.service';
import { storedClaimsOf } from '../issuance/token-format';
import { UserDirectory } from '../token-exchange/user-directory';
import { PrincipalStatus } from './principal-status';
import { actorChain } from '../audit/token-audit';
import { plainSubject } from '../issuance/token-subject';

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

interface ResolveOptions {
  allowUsedRefresh?: boolean;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Tells whether a presented token is live (contract §3.10): a signed token by its signature, its
 * issuer and realm, `exp`, the denylist and its grant; an opaque one by its stored row. Either
 * way its client and every actor of its `act` chain must still exist and be Active.
 */
@Injectable()
export class TokenResolver {
  private readonly principals: PrincipalStatus;

  constructor(
    private readonly keys: KeyService,
    private readonly issuer: RealmIssuer,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    config: RegistrationConfigClient,
    rpc: RpcClient,
  ) {
    this.principals = new PrincipalStatus(config, new UserDirectory(rpc));
  }

  async resolve(realm: string, value: string, options: ResolveOptions = {}): Promise<ResolvedToken | undefined> {
    return (await this.resolveAll(realm, [value], options))[0];
  }

  /**
   * Several presented tokens at once (an exchange's subject and actor tokens), answered in the
   * order given. The server-side ones are read in one statement.
   */
  async resolveAll(realm: string, values: string[], options: ResolveOptions = {}): Promise<Array<ResolvedToken | undefined>> {
    const now = new Date();
    const hashes = values.map((value) => sha256Base64url(value));
    const rowsWanted = hashes.filter((hash, i) => !COMPACT_JWS.test(values[i]) && values[i].length <= MAX_OPAQUE_TOKEN_LENGTH);
    const rows = rowsWanted.length ? await this.store.findAll(rowsWanted, realm) : [];
    const byHash = new Map(rows.map((row) => [row.tokenHash, row]));
    return Promise.all(
      values.map(async (value, i): Promise<ResolvedToken | undefined> => {
        const token = await this.resolveOne(realm, value, hashes[i], byHash, now, options);
        return token && !(await this.principals.problem(realm, token.claims)) ? token : undefined;
      }),
    );
  }

  private async resolveOne(
    realm: string,
    value: string,
    tokenHash: string,
    byHash: Map<string, StoredToken>,
    now: Date,
    options: ResolveOptions,
  ): Promise<ResolvedToken | undefined> {
    if (COMPACT_JWS.test(value)) return this.resolveSigned(realm, value, tokenHash, now, options);
    const stored = byHash.get(tokenHash);
    if (!stored || stored.format !== 'opaque' || !live(stored, now, options)) return undefined;
    return { format: 'opaque', kind: stored.kind, claims: stored.claims, tokenHash, stored };
  }

  private async resolveSigned(realm: string, value: string, tokenHash: string, now: Date, options: ResolveOptions): Promise<ResolvedToken | undefined> {
    const claims = await this.verify(realm, value);
    if (!claims) return undefined;
    const kind = claims.tokenName === 'refresh_token' ? 'refresh_token' : 'access_token';
    if (kind === 'refresh_token') {
      const stored = await this.store.find(tokenHash, realm);
      if (!stored || !live(stored, now, options)) return undefined;
      return { format: 'jwt', kind, claims, tokenHash, stored };
    }
    const principals = [...new Set([claims.sub, claims.client_id, ...actorChain(claims.act)].filter((p): p is string => typeof p === 'string').map(plainSubject))];
    const signed = { jti: String(claims.jti), authGrantId: String(claims.authGrantId), realm, principals, issuedAt: Number(claims.iat) };
    if (!(await this.store.isSignedTokenLive(signed))) return undefined;
    return { format: 'jwt', kind, claims, tokenHash };
  }

  private async verify(realm: string, jwt: string): Promise<Record<string, unknown> | undefined> {
    try {
      const ring = await this.keys.publishedKeys(realm);
      const { payload } = await ring.verify(jwt, { issuer: this.issuer.of(realm) });
      if (payload.realm !== realm || typeof payload.jti !== 'string' || typeof payload.authGrantId !== 'string') return undefined;
      return storedClaimsOf(payload as Record<string, unknown>);
    } catch (error) {
      if (error instanceof JwtVerificationError) return undefined;
      throw error;
    }
  }
}

function live(token: StoredToken, now: Date, options: ResolveOptions): boolean {
  if (token.revoked || token.expiresAt <= now) return false;
  return !(token.kind === 'refresh_token' && token.usedAt && !options.allowUsedRefresh);
}
