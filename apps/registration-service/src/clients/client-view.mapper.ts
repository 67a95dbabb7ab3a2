import type { ClientView, ProviderSettings } from '@mandate/contracts';
import type { Realm, StoredClient } from '@mandate/oauth';
import { EMPTY_SCRIPT } from '../scripts/script-references.resolver';

const TYPES = {
  OAuth2Client: { _id: 'OAuth2Client', name: 'OAuth2 Clients', collection: true },
  AIAgent: { _id: 'AIAgent', name: 'AI Agents', collection: true },
} as const;

/** The admin REST form: AM's sections with plain values, `_id` = client id, never the secret. */
export function toClientResource(client: StoredClient): Record<string, unknown> {
  return { _id: client.clientId, _rev: String(client.rev), ...client.config, _type: TYPES[client.agentType] };
}

/**
 * The internal view other services use (issue 4 point 6): provider-inherited values resolved.
 * contract §2: a lifetime of 0 inherits the provider's; am-spec §13.1: the override section
 * applies only when `providerOverridesEnabled` is on.
 */
export function toClientView(realm: Realm, client: StoredClient, provider: ProviderSettings, withSecretHash: boolean): ClientView {
  const core = client.config['coreOAuth2ClientConfig'] ?? {};
  const advanced = client.config['advancedOAuth2ClientConfig'] ?? {};
  const override = client.config['overrideOAuth2ClientConfig'] ?? {};
  const overrides = override['providerOverridesEnabled'] === true;
  const providerCore = provider.coreOAuth2Config;
  const pick = <T>(field: string, fallback: T): T => (overrides && override[field] !== undefined ? (override[field] as T) : fallback);
  const script = (ref: unknown) => (typeof ref === 'string' && ref !== EMPTY_SCRIPT ? ref : null);
  const lifetime = (own: unknown, inherited: number) => (typeof own === 'number' && own > 0 ? own : inherited);
  const view: ClientView = {
    realm: realm.path,
    clientId: client.clientId,
    agentType: client.agentType,
    status: core['status'] === 'Inactive' ? 'Inactive' : 'Active',
    owners: strings(core['owners']),
    clientType: core['clientType'] === 'Public' ? 'Public' : 'Confidential',
    hasSecret: client.secretHash !== null,
    redirectUris: strings(core['redirectionUris']),
    scopes: strings(core['scopes']),
    defaultScopes: strings(core['defaultScopes']),
    clientName: strings(core['clientName']),
    grantTypes: strings(advanced['grantTypes']),
    responseTypes: strings(advanced['responseTypes']),
    tokenEndpointAuthMethod: String(advanced['tokenEndpointAuthMethod'] ?? 'client_secret_basic'),
    isConsentImplied: advanced['isConsentImplied'] === true,
    allowedResourceServerAudienceValues: strings(advanced['allowedResourceServerAudienceValues']),
    // RFC 8707 (a Mandate extension): the client's own allow-list, else the realm's resource servers.
    allowedResources: strings(advanced['allowedResources']).length
      ? strings(advanced['allowedResources'])
      : strings(provider.advancedOAuth2Config['allowedResources']),
    tokenExchangeAuthLevel: typeof advanced['tokenExchangeAuthLevel'] === 'number' ? advanced['tokenExchangeAuthLevel'] : 0,
    customProperties: strings(advanced['customProperties']),
    accessTokenLifetime: lifetime(core['accessTokenLifetime'], providerCore.accessTokenLifetime),
    refreshTokenLifetime: lifetime(core['refreshTokenLifetime'], providerCore.refreshTokenLifetime),
    authorizationCodeLifetime: lifetime(core['authorizationCodeLifetime'], providerCore.codeLifetime),
    providerOverridesEnabled: overrides,
    statelessTokensEnabled: pick('statelessTokensEnabled', providerCore.statelessTokensEnabled),
    issueRefreshToken: pick('issueRefreshToken', providerCore.issueRefreshToken),
    issueRefreshTokenOnRefreshedToken: pick('issueRefreshTokenOnRefreshedToken', providerCore.issueRefreshTokenOnRefreshedToken),
    acceptAudienceParametersInTokenExchangeRequests: pick(
      'acceptAudienceParametersInTokenExchangeRequests',
      provider.advancedOAuth2Config.acceptAudienceParametersInTokenExchangeRequests,
    ),
    accessTokenMayActScript: script(pick('accessTokenMayActScript', providerCore.accessTokenMayActScript)),
    oidcMayActScript: script(pick('oidcMayActScript', providerCore.oidcMayActScript)),
    config: client.config,
  };
  if (withSecretHash && client.secretHash) view.secretHash = client.secretHash;
  return view;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
