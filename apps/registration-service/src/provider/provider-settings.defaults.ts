import { GrantTypes } from '@mandate/oauth';
import type { Sections } from '../realm-config/am-values';

export { KNOWN_GRANT_TYPES } from '@mandate/oauth';
export const TOKEN_EXCHANGE = GrantTypes.tokenExchange;

export const SIGNING_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'] as const;

/**
 * A realm's OAuth2 provider settings before an administrator changes them, in AM's sections
 * (am-spec §1.4, §11.2, §13.3). `PUT realm-config/services/oauth-oidc` replaces what was
 * stored; whatever the body leaves out takes these values again.
 */
export const PROVIDER_DEFAULTS: Sections = {
  coreOAuth2Config: {
    accessTokenLifetime: 3600, // am-spec §1.4
    codeLifetime: 120,
    refreshTokenLifetime: 604800,
    issueRefreshToken: true,
    issueRefreshTokenOnRefreshedToken: true,
    // contract §3.10: server-side (opaque) tokens by default.
    statelessTokensEnabled: false,
    accessTokenMayActScript: '[Empty]',
    oidcMayActScript: '[Empty]',
    usePolicyEngineForScope: false,
    macaroonTokensEnabled: false,
  },
  advancedOAuth2Config: {
    // contract §2: every grant of contract §1 is enabled by default.
    grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TOKEN_EXCHANGE],
    defaultScopes: [],
    // "Client Registration Scope Allowlist"
    supportedScopes: [],
    // contract §3.10: signed JWTs are RS256 by default (AM's own default config says HS256).
    tokenSigningAlgorithm: 'RS256',
    codeVerifierEnforced: 'false',
    acceptAudienceParametersInTokenExchangeRequests: false,
    allowedAudienceValues: [],
    parRequestUriLifetime: 90,
    // Issue 20: a user's logout revokes every token whose subject is that user, and their
    // descendants. Off by default, as in AM. Mandate's name: AM's own for this setting was not found.
    revokeTokensOnLogout: false,
  },
  clientDynamicRegistrationConfig: {
    allowDynamicRegistration: false, // am-spec §11.2
    dynamicClientRegistrationScope: 'dynamic_client_registration',
    dynamicClientRegistrationScript: '[Empty]',
    dynamicClientRegistrationSoftwareStatementRequired: false,
    requiredSoftwareStatementAttestedAttributes: ['redirect_uris'],
    generateRegistrationAccessTokens: true,
    // Mandate's DCR grant allowlist (AM has none): the grant types a client may register
    // (issue 17). Not password, nor token exchange, unless an administrator adds them.
    dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
  },
  consent: {
    clientsCanSkipConsent: false,
    enableRemoteConsent: false,
  },
  coreOIDCConfig: {
    jwtTokenLifetime: 3600,
    oidcDiscoveryEndpointEnabled: true,
  },
  deviceCodeConfig: {
    deviceCodeLifetime: 300,
    devicePollInterval: 5,
  },
  cibaConfig: {
    cibaAuthReqIdLifetime: 600,
  },
};
