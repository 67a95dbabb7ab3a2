/**
 * The one catalogue of grant types (AM's names, am-spec §4.1, §11.2). `implemented` marks the
 * grants the token endpoint has a handler for (token-service's `grants/`; a test checks the two
 * agree both ways); the others a provider may still list, as AM accepts them, but discovery
 * does not advertise them and the token endpoint answers `unsupported_grant_type`.
 * A new grant: its entry here with `implemented: true`, its handler file, its line in GRANTS.
 */
export const GrantTypes = {
  authorizationCode: 'authorization_code',
  clientCredentials: 'client_credentials',
  password: 'password',
  refreshToken: 'refresh_token',
  /** RFC 8693 §2.1 */
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
  implicit: 'implicit',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  saml2Bearer: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
  umaTicket: 'urn:ietf:params:oauth:grant-type:uma-ticket',
  ciba: 'urn:openid:params:grant-type:ciba',
} as const;
export type GrantType = (typeof GrantTypes)[keyof typeof GrantTypes];

const G = GrantTypes;

/** Every grant type a provider may enable, in AM's order. */
export const KNOWN_GRANT_TYPES = [
  G.authorizationCode,
  G.clientCredentials,
  G.password,
  G.refreshToken,
  G.tokenExchange,
  G.implicit,
  G.deviceCode,
  G.jwtBearer,
  G.saml2Bearer,
  G.umaTicket,
  G.ciba,
] as const;

/** The grants the token endpoint implements, in the order discovery lists them (am-spec §4.1). */
export const IMPLEMENTED_GRANT_TYPES: readonly GrantType[] = [G.authorizationCode, G.clientCredentials, G.password, G.refreshToken, G.tokenExchange, G.jwtBearer, G.ciba];
