import type { AgentType } from '@mandate/contracts';
import type { Sections } from '../realm-config/am-values';
import { TOKEN_EXCHANGE } from '../provider/provider-settings.defaults';

const ALL_RESPONSE_TYPES = ['code', 'token', 'id_token', 'code token', 'token id_token', 'code id_token', 'code token id_token', 'device_code', 'device_code id_token'];

/**
 * A client's settings before the administrator's values are applied, in AM's sections
 * (am-spec §13.1). A PUT replaces the whole client: what the body leaves out takes these values.
 */
export function clientDefaults(type: AgentType): Sections {
  return {
    coreOAuth2ClientConfig: {
      clientType: 'Confidential',
      status: 'Active',
      redirectionUris: [],
      scopes: [],
      defaultScopes: [],
      clientName: [],
      // contract §2: 0 inherits the provider's lifetime.
      accessTokenLifetime: 0,
      refreshTokenLifetime: 0,
      authorizationCodeLifetime: 0,
      loopbackInterfaceRedirection: false,
    },
    advancedOAuth2ClientConfig: {
      // contract §2: an AI agent created without grant types gets client credentials and token exchange.
      grantTypes: type === 'AIAgent' ? ['client_credentials', TOKEN_EXCHANGE] : ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      responseTypes: ALL_RESPONSE_TYPES,
      isConsentImplied: false,
      tokenExchangeAuthLevel: 0,
      refreshTokenGracePeriod: 0,
      customProperties: [],
      allowedResourceServerAudienceValues: [],
      subjectType: 'public',
      mixUpMitigation: false,
      require_pushed_authorization_requests: false,
      javascriptOrigins: [],
      descriptions: [],
      name: [],
      contacts: [],
    },
    overrideOAuth2ClientConfig: {
      providerOverridesEnabled: false,
      statelessTokensEnabled: false,
      accessTokenMayActScript: '[Empty]',
      oidcMayActScript: '[Empty]',
      acceptAudienceParametersInTokenExchangeRequests: false,
      issueRefreshToken: true,
      issueRefreshTokenOnRefreshedToken: true,
      usePolicyEngineForScope: false,
      clientsCanSkipConsent: false,
      enableRemoteConsent: false,
      tokenEncryptionEnabled: false,
      overrideableOIDCClaims: [],
    },
    signEncOAuth2ClientConfig: {
      tokenEndpointAuthSigningAlgorithm: 'RS256',
      idTokenSignedResponseAlg: 'RS256',
      publicKeyLocation: 'jwks_uri',
      mTLSCertificateBoundAccessTokens: false,
      tokenIntrospectionResponseFormat: 'JSON',
      tokenIntrospectionSignedResponseAlg: 'RS256',
      userinfoResponseFormat: 'JSON',
    },
    coreOpenIDClientConfig: {
      claims: [],
      postLogoutRedirectUri: [],
      defaultMaxAge: 600,
      defaultMaxAgeEnabled: false,
      jwtTokenLifetime: 0,
      backchannel_logout_session_required: false,
    },
    coreUmaClientConfig: {
      claimsRedirectionUris: [],
    },
  };
}
