import type { ClientView, ProviderSettings } from '@mandate/contracts';

export const CALLBACK = 'https://www.example.com:443/callback';
export const ISSUER = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';
/** RFC 7636 Appendix B */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** A confidential client like seed 000's hr-client, provider values resolved. */
export function aClient(overrides: Partial<ClientView> = {}): ClientView {
  return {
    realm: '/alpha',
    clientId: 'hr-client',
    agentType: 'OAuth2Client',
    status: 'Active',
    clientType: 'Confidential',
    hasSecret: true,
    redirectUris: [CALLBACK],
    scopes: ['read', 'write', 'delete'],
    defaultScopes: [],
    clientName: [],
    grantTypes: ['authorization_code'],
    responseTypes: ['code', 'token', 'id_token'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    isConsentImplied: false,
    allowedResourceServerAudienceValues: [],
    allowedResources: [],
    tokenExchangeAuthLevel: 0,
    customProperties: [],
    accessTokenLifetime: 3600,
    refreshTokenLifetime: 604800,
    authorizationCodeLifetime: 120,
    providerOverridesEnabled: false,
    statelessTokensEnabled: false,
    issueRefreshToken: true,
    issueRefreshTokenOnRefreshedToken: true,
    acceptAudienceParametersInTokenExchangeRequests: false,
    accessTokenMayActScript: null,
    oidcMayActScript: null,
    config: {},
    ...overrides,
  };
}

/** The provider defaults (registration-service's PROVIDER_DEFAULTS), with sections overridable. */
export function aProvider(overrides: { advanced?: Record<string, unknown>; consent?: Partial<ProviderSettings['consent']> } = {}): ProviderSettings {
  return {
    coreOAuth2Config: {
      accessTokenLifetime: 3600,
      codeLifetime: 120,
      refreshTokenLifetime: 604800,
      issueRefreshToken: true,
      issueRefreshTokenOnRefreshedToken: true,
      statelessTokensEnabled: false,
      accessTokenMayActScript: '[Empty]',
      oidcMayActScript: '[Empty]',
    },
    advancedOAuth2Config: {
      grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token'],
      defaultScopes: [],
      supportedScopes: [],
      tokenSigningAlgorithm: 'RS256',
      codeVerifierEnforced: 'false',
      acceptAudienceParametersInTokenExchangeRequests: false,
      allowedAudienceValues: [],
      parRequestUriLifetime: 90,
      ...overrides.advanced,
    },
    clientDynamicRegistrationConfig: {
      allowDynamicRegistration: false,
      dynamicClientRegistrationScope: 'dynamic_client_registration',
      dynamicClientRegistrationScript: '[Empty]',
      dynamicClientRegistrationSoftwareStatementRequired: false,
      requiredSoftwareStatementAttestedAttributes: [],
      generateRegistrationAccessTokens: true,
      dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    },
    consent: { clientsCanSkipConsent: false, enableRemoteConsent: false, ...overrides.consent },
    coreOIDCConfig: { jwtTokenLifetime: 3600, oidcDiscoveryEndpointEnabled: true },
  };
}
