/**
 * RFC 7591 §2 / OIDC DCR client metadata and AM's own profile members ↔ AM's client sections
 * (am-spec §11.3, §13.1). One row per member that maps one to one; the members with rules of
 * their own (redirect_uris, scope/scopes, grant and response types, the auth method, jwks,
 * default_max_age, the secret and the registration token) are handled in dcr-sections.mapper.ts.
 */
export type DcrFieldKind =
  /** a string, stored as is */
  | 'string'
  /** an absolute URL, stored as a string */
  | 'uri'
  /** an absolute URL, stored as a one-element list (AM's localizable values) */
  | 'uri-in-list'
  /** a list of absolute URLs */
  | 'uris'
  | 'strings'
  | 'boolean'
  /** a whole number, 0 or more */
  | 'count';

export interface DcrField {
  /** The member's name on the wire. */
  wire: string;
  section: string;
  field: string;
  kind: DcrFieldKind;
  /** Allowed values of a string member. */
  values?: readonly string[];
  /** What the client gets when it leaves the member out (RFC 7592 §2.2: missing settings reset). */
  dcrDefault: unknown;
  /** `always`: every profile shows it (seed 002); `when-set`: only when it holds a value. */
  emit: 'always' | 'when-set';
  /** False: AM shows the member but a registrant cannot set it (lifetimes, caches, encryption of introspection). */
  accept: boolean;
}

export const CORE = 'coreOAuth2ClientConfig';
export const ADVANCED = 'advancedOAuth2ClientConfig';
export const OVERRIDE = 'overrideOAuth2ClientConfig';
export const SIGN_ENC = 'signEncOAuth2ClientConfig';
export const OIDC = 'coreOpenIDClientConfig';

const JWS_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;
const JWS_ALGS_OR_NONE = ['', 'none', ...JWS_ALGS] as const;

const row = (
  wire: string,
  section: string,
  field: string,
  kind: DcrFieldKind,
  dcrDefault: unknown,
  emit: DcrField['emit'],
  accept = true,
  values?: readonly string[],
): DcrField => ({ wire, section, field, kind, dcrDefault, emit, accept, values });

export const DCR_FIELDS: readonly DcrField[] = [
  row('application_type', ADVANCED, 'applicationType', 'string', 'web', 'always', true, ['web', 'native']),
  row('contacts', ADVANCED, 'contacts', 'strings', [], 'when-set'),
  row('logo_uri', ADVANCED, 'logoUri', 'uri-in-list', [], 'when-set'),
  row('client_uri', ADVANCED, 'clientUri', 'uri-in-list', [], 'when-set'),
  row('policy_uri', ADVANCED, 'policyUri', 'uri-in-list', [], 'when-set'),
  row('tos_uri', ADVANCED, 'tosURI', 'uri-in-list', [], 'when-set'),
  row('software_id', ADVANCED, 'softwareIdentity', 'string', '', 'when-set'),
  row('software_version', ADVANCED, 'softwareVersion', 'string', '', 'when-set'),
  row('sector_identifier_uri', ADVANCED, 'sectorIdentifierUri', 'uri', '', 'when-set'),
  row('request_uris', ADVANCED, 'requestUris', 'uris', [], 'when-set'),
  row('subject_type', ADVANCED, 'subjectType', 'string', 'public', 'when-set', true, ['public', 'pairwise']),
  row('require_pushed_authorization_requests', ADVANCED, 'require_pushed_authorization_requests', 'boolean', false, 'always'),
  row('enableApplicationContext', ADVANCED, 'enableApplicationContext', 'boolean', false, 'always', false),
  row('jwks_uri', SIGN_ENC, 'jwksUri', 'uri', '', 'when-set'),
  row('token_endpoint_auth_signing_alg', SIGN_ENC, 'tokenEndpointAuthSigningAlgorithm', 'string', 'RS256', 'when-set', true, JWS_ALGS),
  row('id_token_signed_response_alg', SIGN_ENC, 'idTokenSignedResponseAlg', 'string', 'RS256', 'when-set', true, JWS_ALGS_OR_NONE),
  row('authorization_signed_response_alg', SIGN_ENC, 'authorizationResponseSigningAlgorithm', 'string', 'RS256', 'always', true, JWS_ALGS),
  row('request_object_signing_alg', SIGN_ENC, 'requestParameterSignedAlg', 'string', '', 'always', true, JWS_ALGS_OR_NONE),
  row('request_object_encryption_alg', SIGN_ENC, 'requestParameterEncryptedAlg', 'string', '', 'always'),
  row('userinfo_signed_response_alg', SIGN_ENC, 'userinfoSignedResponseAlg', 'string', '', 'always', true, JWS_ALGS_OR_NONE),
  row('userinfo_encrypted_response_alg', SIGN_ENC, 'userinfoEncryptedResponseAlg', 'string', '', 'always'),
  row('userinfo_encrypted_response_enc', SIGN_ENC, 'userinfoEncryptedResponseEncryptionAlgorithm', 'string', '', 'always'),
  row('id_token_encrypted_response_alg', SIGN_ENC, 'idTokenEncryptionAlgorithm', 'string', 'RSA-OAEP-256', 'always'),
  row('id_token_encrypted_response_enc', SIGN_ENC, 'idTokenEncryptionMethod', 'string', 'A128CBC-HS256', 'always'),
  row('id_token_encryption_enabled', SIGN_ENC, 'idTokenEncryptionEnabled', 'boolean', false, 'always', false),
  row('introspection_signed_response_alg', SIGN_ENC, 'tokenIntrospectionSignedResponseAlg', 'string', 'RS256', 'always', false),
  row('introspection_encrypted_response_alg', SIGN_ENC, 'tokenIntrospectionEncryptedResponseAlg', 'string', 'RSA-OAEP-256', 'always', false),
  row('introspection_encrypted_response_enc', SIGN_ENC, 'tokenIntrospectionEncryptedResponseEncryptionAlgorithm', 'string', 'A128CBC-HS256', 'always', false),
  row('user_info_response_format_selector', SIGN_ENC, 'userinfoResponseFormat', 'string', 'JSON', 'always', false),
  // RFC 9449 §5.2: the client always sends DPoP proofs; Mandate then refuses its token requests without one.
  row('dpop_bound_access_tokens', ADVANCED, 'dpopBoundAccessTokens', 'boolean', false, 'when-set'),
  row('tls_client_certificate_bound_access_tokens', SIGN_ENC, 'mTLSCertificateBoundAccessTokens', 'boolean', false, 'always'),
  row('jwks_cache_timeout', SIGN_ENC, 'jwksCacheTimeout', 'count', 3_600_000, 'always', false),
  row('jwks_cache_miss_cache_time', SIGN_ENC, 'jwksCacheMissCacheTime', 'count', 60_000, 'always', false),
  row('post_logout_redirect_uris', OIDC, 'postLogoutRedirectUri', 'uris', [], 'when-set'),
  row('backchannel_logout_uri', OIDC, 'backchannel_logout_uri', 'uri', '', 'when-set'),
  row('backchannel_logout_session_required', OIDC, 'backchannel_logout_session_required', 'boolean', false, 'always'),
  row('jwt_token_lifetime', OIDC, 'jwtTokenLifetime', 'count', 0, 'always', false),
  row('access_token_lifetime', CORE, 'accessTokenLifetime', 'count', 0, 'always', false),
  row('refresh_token_lifetime', CORE, 'refreshTokenLifetime', 'count', 0, 'always', false),
  row('authorization_code_lifetime', CORE, 'authorizationCodeLifetime', 'count', 0, 'always', false),
  // OpenID CIBA Core 1.0 §4 (issue 21): read by bc-authorize from coreOpenIDClientConfig.
  row('backchannel_token_delivery_mode', OIDC, 'backchannelTokenDeliveryMode', 'string', '', 'when-set', true, ['poll', 'ping']),
  row('backchannel_client_notification_endpoint', OIDC, 'backchannelClientNotificationEndpoint', 'uri', '', 'when-set'),
];
