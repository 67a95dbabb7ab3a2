import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@mandate/contracts';
import { GrantTypes, InvalidGrantError, TOKEN_STORE, type TokenStore, narrowResources, narrowScopes, parseScope } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RegistrationConfigClient, RpcClient } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import type { TokenSubject } from '../issuance/token-subject';
import { actorChain } from '../token-exchange/actor-chain.step';
import { ActorStatus } from '../token-exchange/actor-status';
import { UserDirectory } from '../token-exchange/user-directory';
import { TokenResolver } from '../tokens/token-resolver.service';
import { RESOURCE_PARAMETER, requestedResources } from './grant-resources';
import type { GrantContext, GrantHandler } from './grant-handler';

/**
 * RFC 6749 §6, am-spec §4.7: a narrower or equal scope; rotation (`issueRefreshTokenOnRefreshedToken`,
 * on by default, always for public clients) makes the old token unusable, and a rotated token that comes back revokes its
 * whole grant (RFC 9700 §4.14.2). `act` survives a refresh unchanged; `may_act` is stamped anew.
 * A delegated token refreshes only while every actor of its `act` chain still exists and is
 * enabled (keycloak#52691), and a capped grant (an exchange, contract §3.5) stays capped.
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = GrantTypes.refreshToken;
  readonly required = ['refresh_token'] as const;
  readonly repeatable = [RESOURCE_PARAMETER] as const;

  private readonly actors: ActorStatus;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly resolver: TokenResolver,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
    config: RegistrationConfigClient,
    rpc: RpcClient,
  ) {
    this.actors = new ActorStatus(config, new UserDirectory(rpc, 0));
  }

  async handle(context: GrantContext): Promise<TokenResponse> {
    const { realm, client } = context;
    const presented = await this.resolver.resolve(realm, context.params.refresh_token ?? '', { allowUsedRefresh: true });
    if (!presented?.stored || presented.kind !== 'refresh_token') throw new InvalidGrantError('unknown, expired or revoked refresh token');
    if (presented.stored.clientId !== client.clientId) throw new InvalidGrantError(`refresh token of ${presented.stored.clientId}`);
    const claims = presented.stored.claims;
    // RFC 9449 §5: a refresh token bound to a key is refreshed only with a proof of that key.
    const boundTo = boundKey(claims.cnf);
    if (boundTo !== undefined && context.dpop?.jkt !== boundTo) throw new InvalidGrantError(context.dpop ? 'refresh token bound to another DPoP key' : 'refresh token bound to a DPoP key: a proof is required');
    const scopes = narrowScopes(parseScope(context.params.scope), claims.scope as string[]);
    const resources = grantResources(requestedResources(context), claims.resource);
    for (const actor of actorChain(claims.act)) {
      const problem = await this.actors.problem(realm, actor);
      if (problem) throw new InvalidGrantError(`delegated refresh token: ${problem}`);
    }
    // RFC 9700 §4.14.2: a public client's refresh tokens are not sender-constrained, so they always rotate.
    const rotate = client.issueRefreshTokenOnRefreshedToken || client.clientType === 'Public';
    if (rotate || presented.stored.usedAt) {
      const consumed = await this.store.consumeRefresh(presented.tokenHash, realm, new Date());
      if (consumed.outcome === 'reused') {
        await this.store.revokeByGrantId(consumed.authGrantId);
        this.logger.warn({ realm, client: client.clientId, event: 'refresh_reused' }, 'rotated refresh token reused: its grant is revoked');
        await this.audit.record({ realm, event: 'token_revoked', outcome: 'success', client: client.clientId, authGrantId: consumed.authGrantId, reason: 'rotated refresh token reused: its grant is revoked' });
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
        resources,
        notAfter: cappedExpiry(claims),
        requestParams: context.lists,
        dpop: context.dpop,
      },
      true,
    );
    return issued.response;
  }
}

/**
 * RFC 8707 §2.2: a refresh names a subset of its grant's resources (or none: all of them), never
 * more. A grant made without resources is bound to none, so a refresh may name any the client may.
 */
function grantResources(requested: string[], granted: unknown): { access: string[]; grant: string[] } {
  const bound = Array.isArray(granted) ? granted.filter((r): r is string => typeof r === 'string') : [];
  if (bound.length === 0) return { access: requested, grant: [] };
  return { access: narrowResources(requested, bound), grant: bound };
}

function subjectOf(claims: Record<string, unknown>): TokenSubject {
  const id = String(claims.sub);
  if (claims.auth_level === undefined) return { type: 'age', id };
  return { type: 'usr', id, authLevel: Number(claims.auth_level), authTime: claims.auth_time as number | undefined };
}

/**
 * A refresh token that expires before its configured lifetime was capped at issuance (an
 * exchanged grant ends with its subject token, contract §3.5): its refreshes keep that end.
 */
function cappedExpiry(claims: Record<string, unknown>): number | undefined {
  const { exp, iat, expires_in: lifetime } = claims;
  if (typeof exp !== 'number' || typeof iat !== 'number' || typeof lifetime !== 'number') return undefined;
  return exp < iat + lifetime ? exp : undefined;
}

function boundKey(cnf: unknown): string | undefined {
  if (cnf === null || typeof cnf !== 'object') return undefined;
  const jkt = (cnf as Record<string, unknown>).jkt;
  return typeof jkt === 'string' ? jkt : undefined;
}
