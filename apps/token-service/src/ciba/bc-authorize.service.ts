import { Inject, Injectable } from '@nestjs/common';
import { type BcAuthorizeReply, type BcAuthorizeRequest, type ClientView, Messages } from '@mandate/contracts';
import { CibaError, GrantTypes, InvalidRequestError, InvalidScopeError, UnauthorizedClientError, parseScope, resolveScopes } from '@mandate/oauth';
import { AuditRecorder, ClientAuthenticator, LOGGER, type Logger, RealmClient, RegistrationConfigClient, RpcClient } from '@mandate/platform';
import { refusal } from '../audit/token-audit';
import { TokenResolver } from '../tokens/token-resolver.service';
import { clientCibaSettings, providerCibaSettings } from './ciba-settings';

const SINGLE = ['scope', 'login_hint', 'id_token_hint', 'login_hint_token', 'binding_message', 'requested_expiry', 'client_notification_token', 'user_code', 'acr_values', 'request'];
/** CIBA §7.1: a binding message short enough to show on a phone. */
const MAX_BINDING_MESSAGE = 128;

/**
 * OpenID CIBA Core 1.0 §7: `POST bc-authorize`. The client authenticates as at the token endpoint
 * and must hold the CIBA grant; the request names its user by `login_hint` (a username) or
 * `id_token_hint` (a token Mandate issued to a user), asks for `openid`, and is stored with
 * authorize-service until the user decides.
 */
@Injectable()
export class BcAuthorizeService {
  constructor(
    private readonly realms: RealmClient,
    private readonly config: RegistrationConfigClient,
    private readonly clients: ClientAuthenticator,
    private readonly resolver: TokenResolver,
    private readonly rpc: RpcClient,
    private readonly audit: AuditRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authorize(request: BcAuthorizeRequest): Promise<BcAuthorizeReply> {
    const { path: realm } = await this.realms.resolve(request.realm);
    try {
      return await this.authorizeIn(realm, request);
    } catch (error) {
      const refused = refusal(error);
      if (refused) await this.audit.record({ realm, event: 'ciba_requested', outcome: 'failure', client: request.clientAuth?.clientId, grantType: GrantTypes.ciba, ...refused });
      throw error;
    }
  }

  private async authorizeIn(realm: string, request: BcAuthorizeRequest): Promise<BcAuthorizeReply> {
    const params: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(request.params)) {
      if (Array.isArray(v)) {
        if (SINGLE.includes(k)) throw new InvalidRequestError(`Duplicate parameter: ${k}`);
        continue;
      }
      params[k] = v;
    }
    const provider = await this.config.provider(realm);
    const client = await this.clients.authenticate(realm, request.clientAuth, 'bc-authorize');
    // CIBA §13: a client not registered for CIBA is unauthorized_client (the provider's switch too).
    if (!provider.advancedOAuth2Config.grantTypes.includes(GrantTypes.ciba) || !client.grantTypes.includes(GrantTypes.ciba)) {
      throw new UnauthorizedClientError('Client is not authorized to use the requested grant type', `${client.clientId} lacks ${GrantTypes.ciba}`);
    }
    if (params.request !== undefined) throw new InvalidRequestError('Signed authentication requests are not supported');
    if (params.user_code !== undefined) throw new InvalidRequestError('user_code is not supported');
    const requested = parseScope(params.scope) ?? [];
    if (!requested.includes('openid')) throw new InvalidScopeError('The scope must contain openid');
    const scopes = resolveScopes(requested, { allowed: client.scopes, clientDefaults: client.defaultScopes, providerDefaults: provider.advancedOAuth2Config.defaultScopes });
    const binding = params.binding_message ?? null;
    if (binding !== null && (binding.length === 0 || binding.length > MAX_BINDING_MESSAGE || /[\p{Cc}]/u.test(binding))) {
      throw CibaError.invalidBindingMessage(`binding_message must be 1 to ${MAX_BINDING_MESSAGE} printable characters`);
    }
    const user = await this.user(realm, params);
    const settings = clientCibaSettings(client);
    const notificationToken = params.client_notification_token ?? null;
    if (settings.deliveryMode === 'ping') {
      if (!settings.notificationEndpoint) throw new InvalidRequestError('The client has no backchannel_client_notification_endpoint');
      if (!notificationToken) throw new InvalidRequestError('Missing parameters: client_notification_token');
      if (notificationToken.length > 1024) throw new InvalidRequestError('client_notification_token is too long');
    }
    const { lifetime, interval } = providerCibaSettings(provider);
    const expiresIn = this.expiry(params.requested_expiry, lifetime);
    const created = await this.rpc.request(Messages.authorize.cibaCreate, {
      realm,
      clientId: client.clientId,
      clientName: displayName(client),
      userId: user.userId,
      username: user.username,
      scopes,
      resources: [],
      bindingMessage: binding,
      expiresIn,
      interval,
      deliveryMode: settings.deliveryMode,
      notificationEndpoint: settings.deliveryMode === 'ping' ? settings.notificationEndpoint : null,
      notificationToken: settings.deliveryMode === 'ping' ? notificationToken : null,
      actors: [],
    });
    await this.audit.record({ realm, event: 'ciba_requested', outcome: 'success', subject: user.userId, client: client.clientId, scopes, grantType: GrantTypes.ciba });
    this.logger.info({ event: 'ciba_requested', realm, client: client.clientId, mode: settings.deliveryMode }, 'backchannel authentication requested');
    return settings.deliveryMode === 'poll'
      ? { auth_req_id: created.authReqId, expires_in: created.expiresIn, interval: created.interval }
      : { auth_req_id: created.authReqId, expires_in: created.expiresIn };
  }

  /** CIBA §7.1: exactly one hint. */
  private async user(realm: string, params: Record<string, string | undefined>): Promise<{ userId: string; username: string }> {
    const hints = ['login_hint', 'id_token_hint', 'login_hint_token'].filter((h) => params[h] !== undefined);
    if (hints.length !== 1) throw new InvalidRequestError('Exactly one of login_hint, id_token_hint and login_hint_token is required');
    if (params.login_hint_token !== undefined) throw new InvalidRequestError('login_hint_token is not supported');
    let name: string;
    if (params.login_hint !== undefined) {
      name = params.login_hint;
    } else {
      const resolved = await this.resolver.resolve(realm, params.id_token_hint!);
      if (!resolved || resolved.format !== 'jwt') throw CibaError.unknownUser('id_token_hint is not a live token of this realm');
      const sub = resolved.claims['sub'];
      if (typeof sub !== 'string') throw CibaError.unknownUser('id_token_hint has no subject');
      name = sub;
    }
    if (name === '' || name.length > 1024) throw CibaError.unknownUser();
    const found = await this.rpc.request(Messages.authn.userLookup, { realm, user: name });
    if (!found || !found.active) throw CibaError.unknownUser(`no active user ${name.slice(0, 64)}`);
    return { userId: found.userId, username: found.username };
  }

  private expiry(requested: string | undefined, lifetime: number): number {
    if (requested === undefined) return lifetime;
    if (!/^[1-9][0-9]{0,8}$/.test(requested)) throw new InvalidRequestError('requested_expiry must be a positive number of seconds');
    return Math.min(Number(requested), lifetime);
  }
}

function displayName(client: ClientView): string | undefined {
  return client.clientName[0];
}
