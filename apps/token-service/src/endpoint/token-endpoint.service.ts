import { Inject, Injectable } from '@nestjs/common';
import type { TokenGrantRequest, TokenResponse } from '@mandate/contracts';
import { InvalidRequestError, UnauthorizedClientError, UnsupportedGrantTypeError } from '@mandate/oauth';
import { AuditRecorder, ClientAuthenticator, LOGGER, type Logger, RealmClient, RegistrationConfigClient } from '@mandate/platform';
import { refusal } from '../audit/token-audit';
import { DpopValidator } from '../dpop/dpop-validator';
import { GrantRegistry } from '../grants/grant.registry';
import type { GrantContext } from '../grants/grant-handler';
import { parseTokenRequest } from './token-request.parser';

/**
 * `POST access_token` (am-spec §4): the checks every grant shares, in order, then the grant's
 * own handler. Grant enablement is two-level (am-spec §4.1): the provider's list
 * (`unsupported_grant_type`), then the client's (`unauthorized_client`).
 */
@Injectable()
export class TokenEndpointService {
  constructor(
    private readonly realms: RealmClient,
    private readonly config: RegistrationConfigClient,
    private readonly clients: ClientAuthenticator,
    private readonly grants: GrantRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
    private readonly dpop: DpopValidator,
  ) {}

  async grant(request: TokenGrantRequest): Promise<TokenResponse> {
    const { path: realm } = await this.realms.resolve(request.realm);
    const learnt: NonNullable<GrantContext['refusalAudit']> = {};
    try {
      return await this.grantIn(realm, request, learnt);
    } catch (error) {
      // Issue 20: one `token_refused` event per refusal, its log-only reason for administrators.
      const refused = refusal(error);
      if (refused) {
        const grantType = typeof request.params.grant_type === 'string' ? request.params.grant_type : undefined;
        await this.audit.record({ realm, event: 'token_refused', outcome: 'failure', client: request.clientAuth?.clientId, grantType, ...learnt, ...refused });
      }
      throw error;
    }
  }

  private async grantIn(realm: string, request: TokenGrantRequest, refusalAudit: GrantContext['refusalAudit']): Promise<TokenResponse> {
    const grantType = request.params.grant_type;
    if (grantType === undefined || grantType === '') throw new InvalidRequestError('Missing parameters: grant_type');
    if (Array.isArray(grantType)) throw new InvalidRequestError('Duplicate parameter: grant_type');
    const handler = this.grants.get(grantType);
    const provider = await this.config.provider(realm);
    if (!provider.advancedOAuth2Config.grantTypes.includes(grantType)) throw new UnsupportedGrantTypeError(grantType);
    const client = await this.clients.authenticate(realm, request.clientAuth);
    if (!client.grantTypes.includes(grantType)) {
      throw new UnauthorizedClientError('Client is not authorized to use the requested grant type', `${client.clientId} lacks ${grantType}`);
    }
    const { params, lists } = parseTokenRequest(request.params, handler);
    const dpop = await this.dpop.validate(realm, request.dpop, client, provider);
    const response = await handler.handle({ realm, client, provider, params, lists, refusalAudit, ...(dpop ? { dpop } : {}) });
    // One audit line per outcome, never a token value (STYLE habit 11).
    this.logger.info({ event: 'token_issued', realm, client: client.clientId, grantType, scope: response.scope }, 'tokens issued');
    return response;
  }
}
