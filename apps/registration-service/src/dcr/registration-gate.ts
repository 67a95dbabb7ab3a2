import { Injectable } from '@nestjs/common';
import { type ProviderSettings, Messages } from '@mandate/contracts';
import { type Realm, TemporarilyUnavailableError } from '@mandate/oauth';
import { RpcClient, ServiceUnavailableError } from '@mandate/platform';
import { InitialAccessTokens } from '../initial-tokens/initial-access-token.service';
import { InsufficientScopeError, InvalidTokenError } from './dcr-errors';

/** What let a registration in: an initial access token is spent only when the client is written. */
export interface RegistrationRight {
  initialAccessToken?: string;
}

/**
 * am-spec §11.2, who may register: anyone when the provider allows open dynamic registration;
 * otherwise the bearer of an initial access token an administrator created (RFC 7591 §3), or of
 * an active access token whose scope holds the provider's `dynamicClientRegistrationScope`.
 * token-service says what an access token is (`token.resolve`).
 */
@Injectable()
export class RegistrationGate {
  constructor(
    private readonly rpc: RpcClient,
    private readonly initialTokens: InitialAccessTokens,
  ) {}

  async requireRightToRegister(realm: Realm, provider: ProviderSettings, accessToken: string | undefined): Promise<RegistrationRight> {
    const { allowDynamicRegistration, dynamicClientRegistrationScope } = provider.clientDynamicRegistrationConfig;
    if (allowDynamicRegistration) return {};
    // RFC 7591 §3 / §3.2.2: without open registration, no token answers 401 invalid_token (RFC 6750 §3.1).
    if (!accessToken) throw new InvalidTokenError('Dynamic client registration requires an access token', `open registration is off in ${realm.path}`);
    if (await this.initialTokens.isUsable(realm, accessToken)) return { initialAccessToken: accessToken };
    let reply;
    try {
      reply = await this.rpc.request(Messages.token.resolve, { realm: realm.path, token: accessToken });
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw new TemporarilyUnavailableError(undefined, `token.resolve: ${error.why}`);
      throw error;
    }
    if (!reply.active || reply.claims.tokenName !== 'access_token') throw new InvalidTokenError(undefined, 'initial access token is not an active access token');
    if (!reply.claims.scope.includes(dynamicClientRegistrationScope)) {
      throw new InsufficientScopeError(dynamicClientRegistrationScope, `token of ${reply.claims.client_id} lacks ${dynamicClientRegistrationScope}`);
    }
    return {};
  }
}
