import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@mandate/contracts';
import { InvalidGrantError, TOKEN_STORE, type TokenStore, narrowScopes, parseScope } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import type { TokenSubject } from '../issuance/token-subject';
import { TokenResolver } from '../tokens/token-resolver.service';
import type { GrantContext, GrantHandler } from './grant-handler';

/**
 * RFC 6749 §6, am-spec §4.7: a narrower or equal scope; rotation (`issueRefreshTokenOnRefreshedToken`,
 * on by default) makes the old token unusable, and a rotated token that comes back revokes its
 * whole grant (RFC 9700 §4.14.2). `act` survives a refresh unchanged; `may_act` is stamped anew.
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  readonly required = ['refresh_token'] as const;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly resolver: TokenResolver,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(context: GrantContext): Promise<TokenResponse> {
    const { realm, client } = context;
    const presented = await this.resolver.resolve(realm, context.params.refresh_token ?? '', { allowUsedRefresh: true });
    if (!presented?.stored || presented.kind !== 'refresh_token') throw new InvalidGrantError('unknown, expired or revoked refresh token');
    if (presented.stored.clientId !== client.clientId) throw new InvalidGrantError(`refresh token of ${presented.stored.clientId}`);
    const claims = presented.stored.claims;
    const scopes = narrowScopes(parseScope(context.params.scope), claims.scope as string[]);
    const rotate = client.issueRefreshTokenOnRefreshedToken;
    if (rotate || presented.stored.usedAt) {
      const consumed = await this.store.consumeRefresh(presented.tokenHash, realm, new Date());
      if (consumed.outcome === 'reused') {
        await this.store.revokeByGrantId(consumed.authGrantId);
        this.logger.warn({ realm, client: client.clientId, event: 'refresh_reused' }, 'rotated refresh token reused: its grant is revoked');
        throw new InvalidGrantError('refresh token already used');
      }
      if (consumed.outcome === 'invalid') throw new InvalidGrantError('refresh token no longer valid');
    }
    const issued = await this.issuer.issue(
      {
        realm,
        client,
        subject: subjectOf(claims),
        scopes,
        grantType: this.grantType,
        authGrantId: presented.stored.authGrantId,
        refresh: rotate,
        carried: { act: claims.act as Record<string, unknown> | undefined, aud: claims.aud as string | string[] | undefined },
        requestParams: context.lists,
      },
      true,
    );
    return issued.response;
  }
}

function subjectOf(claims: Record<string, unknown>): TokenSubject {
  const id = String(claims.sub);
  if (claims.auth_level === undefined) return { type: 'age', id };
  return { type: 'usr', id, authLevel: Number(claims.auth_level), authTime: claims.auth_time as number | undefined };
}
