import { Inject, Injectable } from '@nestjs/common';
import type { TokenRevokeRequest } from '@mandate/contracts';
import { InvalidRequestError, TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { AuditRecorder, ClientAuthenticator, LOGGER, type Logger, RealmClient } from '@mandate/platform';
import { tokenAudit } from '../audit/token-audit';
import { TokenResolver } from '../tokens/token-resolver.service';

/**
 * RFC 7009, am-spec §9: the client revokes one of its own tokens. A refresh token takes its
 * whole grant with it; an access token goes alone (signed ones onto the denylist until they
 * expire). Tokens exchanged from a revoked token go too. Unknown tokens, and tokens of other
 * clients, answer 200 all the same (RFC 7009 §2.2) and nothing happens.
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly realms: RealmClient,
    private readonly clients: ClientAuthenticator,
    private readonly resolver: TokenResolver,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  async revoke(request: TokenRevokeRequest): Promise<Record<string, never>> {
    const { path: realm } = await this.realms.resolve(request.realm);
    const client = await this.clients.authenticate(realm, request.clientAuth, 'revoke');
    if (!request.token) throw new InvalidRequestError('Missing parameters: token');
    const token = await this.resolver.resolve(realm, request.token);
    if (!token || token.claims.client_id !== client.clientId) {
      this.logger.info({ event: 'token_revocation_ignored', realm, client: client.clientId }, 'nothing to revoke');
      return {};
    }
    if (token.kind === 'refresh_token') {
      await this.store.revokeByGrantId(String(token.claims.authGrantId));
    } else {
      await this.store.revokeToken({
        tokenHash: token.format === 'opaque' ? token.tokenHash : undefined,
        jti: String(token.claims.jti),
        expiresAt: new Date(Number(token.claims.exp) * 1000),
        realm,
      });
    }
    this.logger.info({ event: 'token_revoked', realm, client: client.clientId, kind: token.kind, authGrantId: token.claims.authGrantId }, 'token revoked');
    await this.audit.record({ realm, event: 'token_revoked', outcome: 'success', ...tokenAudit(token.claims), client: client.clientId, reason: `${token.kind} revoked by its client` });
    return {};
  }
}
