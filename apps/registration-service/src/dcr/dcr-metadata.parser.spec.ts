import { OAuthError } from '@mandate/oauth';
import { parseDcrMetadata } from './dcr-metadata.parser';
import { toClientSections, toDcrProfile } from './dcr-sections.mapper';

const TX = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SEED_BODY = {
  grant_types: ['client_credentials', TX],
  client_name: 'software agent',
  response_types: ['token'],
  redirect_uris: ['https://www.example.com:443/callback'],
  scopes: ['read', 'write'],
};

function errorOf(run: () => unknown): { status: number; code: string; description: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    const { status, code, description } = error as OAuthError;
    return { status, code, description };
  }
  throw new Error('expected an error');
}

describe('DCR metadata parser (RFC 7591 §2)', () => {
  it('accepts seed 002’s request: response type token with client credentials and token exchange', () => {
    expect(parseDcrMetadata(SEED_BODY, 'AIAgent')).toEqual({
      redirectUris: ['https://www.example.com:443/callback'],
      clientName: 'software agent',
      scopes: ['read', 'write'],
      grantTypes: ['client_credentials', TX],
      responseTypes: ['token'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      settings: {},
    });
  });

  it('reads the RFC scope string as well as AM’s scopes array', () => {
    expect(parseDcrMetadata({ ...SEED_BODY, scopes: undefined, scope: 'read  write read' }, 'AIAgent').scopes).toEqual(['read', 'write']);
    expect(errorOf(() => parseDcrMetadata({ ...SEED_BODY, scope: 'read' }, 'AIAgent'))).toEqual({
      status: 400,
      code: 'invalid_client_metadata',
      description: 'scope: scope and scopes name different scopes',
    });
  });

  it('defaults an OAuth2 client to the code flow and an AI agent to client credentials and token exchange', () => {
    expect(parseDcrMetadata({ redirect_uris: ['https://a.example/cb'] }, 'OAuth2Client')).toMatchObject({ grantTypes: ['authorization_code'], responseTypes: ['code'] });
    expect(parseDcrMetadata({}, 'AIAgent')).toMatchObject({ grantTypes: ['client_credentials', TX], responseTypes: [], redirectUris: [] });
  });

  it('accepts https, http to the loopback interface and private-use schemes in reverse domain name form', () => {
    for (const uri of ['https://www.example.com:443/callback', 'http://127.0.0.1:8123/cb', 'http://localhost/cb', 'http://[::1]:9000/cb', 'com.example.app:/oauth2redirect']) {
      expect(parseDcrMetadata({ ...SEED_BODY, redirect_uris: [uri] }, 'AIAgent').redirectUris).toEqual([uri]);
    }
  });

  it.each([
    ['/callback', 'redirect_uris: /callback is not an absolute URI'],
    ['https://www.example.com/cb#frag', 'redirect_uris: https://www.example.com/cb#frag must not contain a fragment'],
    ['http://www.example.com/cb', 'redirect_uris: http://www.example.com/cb uses http for a host other than the loopback interface'],
    ['javascript:alert(1)', 'redirect_uris: javascript:alert(1) uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form'],
    ['file:///etc/passwd', 'redirect_uris: file:///etc/passwd uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form'],
    ['data:text/html,hi', 'redirect_uris: data:text/html,hi uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form'],
    ['ftp://files.example.com/cb', 'redirect_uris: ftp://files.example.com/cb uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form'],
    ['myapp:/cb', 'redirect_uris: myapp:/cb uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form'],
    ['com.example.app:/cb#frag', 'redirect_uris: com.example.app:/cb#frag must not contain a fragment'],
  ])('refuses the redirection URI %s with invalid_redirect_uri', (uri, description) => {
    expect(errorOf(() => parseDcrMetadata({ ...SEED_BODY, redirect_uris: [uri] }, 'AIAgent'))).toEqual({ status: 400, code: 'invalid_redirect_uri', description });
  });

  it('requires a redirection URI for the code flow', () => {
    expect(errorOf(() => parseDcrMetadata({ grant_types: ['authorization_code'] }, 'OAuth2Client'))).toEqual({
      status: 400,
      code: 'invalid_redirect_uri',
      description: 'redirect_uris: at least one is required for the authorization_code grant type',
    });
  });

  it.each([
    ['a body that is not an object', 'not json', 'The registration request must be a JSON object'],
    ['an unknown grant type', { ...SEED_BODY, grant_types: ['magic'] }, 'grant_types: unsupported grant type magic'],
    ['an unknown response type', { ...SEED_BODY, response_types: ['code magic'] }, 'response_types: unsupported response type code magic'],
    ['code without the authorization_code grant', { ...SEED_BODY, response_types: ['code'] }, 'response_types: the code response type needs the authorization_code grant type'],
    ['the authorization_code grant without code', { ...SEED_BODY, grant_types: ['authorization_code'] }, 'grant_types: the authorization_code grant type needs the code response type'],
    ['the implicit grant without token', { ...SEED_BODY, grant_types: ['implicit', 'authorization_code'], response_types: ['code'] }, 'grant_types: the implicit grant type needs a token or id_token response type'],
    ['grant_types that is not a list', { ...SEED_BODY, grant_types: 'client_credentials' }, 'grant_types: must be an array of strings'],
    ['an unknown auth method', { ...SEED_BODY, token_endpoint_auth_method: 'magic' }, 'token_endpoint_auth_method: unsupported method magic'],
    ['a public client with client credentials', { ...SEED_BODY, token_endpoint_auth_method: 'none' }, 'grant_types: client_credentials needs a confidential client, not token_endpoint_auth_method none'],
    ['private_key_jwt without keys', { ...SEED_BODY, token_endpoint_auth_method: 'private_key_jwt' }, 'token_endpoint_auth_method: private_key_jwt needs jwks or jwks_uri'],
    ['a relative logo_uri', { ...SEED_BODY, logo_uri: 'logo.png' }, 'logo_uri: logo.png is not an absolute http(s) URI'],
    ['an unknown application_type', { ...SEED_BODY, application_type: 'desktop' }, 'application_type: must be one of web, native'],
    ['a client_name that is not a string', { ...SEED_BODY, client_name: 7 }, 'client_name: must be a string'],
    ['a scope that is not a scope token', { ...SEED_BODY, scopes: ['read "all"'] }, 'scope: "read \\"all\\"" is not a valid scope token'],
    ['more than 20 redirection URIs', { ...SEED_BODY, redirect_uris: Array.from({ length: 21 }, (_, i) => `https://app.example.com/cb${i}`) }, 'redirect_uris: more than 20 redirection URIs'],
    ['a string over 2 KiB', { ...SEED_BODY, client_name: 'a'.repeat(2049) }, 'client_name: a value is longer than 2048 characters'],
    ['a string over 2 KiB inside a list', { ...SEED_BODY, contacts: ['ops@example.com', `${'a'.repeat(2040)}@example.com`] }, 'contacts: a value is longer than 2048 characters'],
  ])('refuses %s with invalid_client_metadata', (_what, body, description) => {
    expect(errorOf(() => parseDcrMetadata(body, 'AIAgent'))).toEqual({ status: 400, code: 'invalid_client_metadata', description });
  });

  it('accepts a string of 2 KiB exactly, and key material longer than that', () => {
    expect(parseDcrMetadata({ ...SEED_BODY, client_name: 'a'.repeat(2048) }, 'AIAgent').clientName).toHaveLength(2048);
    const jwks = { keys: [{ kty: 'RSA', n: 'q'.repeat(700), e: 'AQAB', x5c: ['M'.repeat(3000)] }] };
    expect(parseDcrMetadata({ ...SEED_BODY, jwks }, 'AIAgent').jwks).toEqual(jwks);
  });

  it('ignores members it does not know and members a registrant may not set', () => {
    const meta = parseDcrMetadata({ ...SEED_BODY, frobnicate: true, access_token_lifetime: 999999, providerOverridesEnabled: true, logo_uri: 'https://a.example/l.png' }, 'AIAgent');
    expect(meta.settings).toEqual({ logo_uri: 'https://a.example/l.png' });
  });
});

describe('DCR dpop_bound_access_tokens (RFC 9449 §5.2)', () => {
  it('is stored as advancedOAuth2ClientConfig.dpopBoundAccessTokens and shown back only when set', () => {
    const meta = parseDcrMetadata({ ...SEED_BODY, dpop_bound_access_tokens: true }, 'AIAgent');
    expect(meta.settings).toMatchObject({ dpop_bound_access_tokens: true });
    const empty = { coreOAuth2ClientConfig: {}, advancedOAuth2ClientConfig: {}, signEncOAuth2ClientConfig: {}, coreOpenIDClientConfig: {}, overrideOAuth2ClientConfig: {} };
    const sections = toClientSections(meta, ['read'], structuredClone(empty));
    expect(sections.advancedOAuth2ClientConfig.dpopBoundAccessTokens).toBe(true);
    expect(toDcrProfile('agent', sections)).toMatchObject({ dpop_bound_access_tokens: true });
    const plain = toClientSections(parseDcrMetadata(SEED_BODY, 'AIAgent'), ['read'], structuredClone(empty));
    expect(toDcrProfile('agent', plain)).not.toHaveProperty('dpop_bound_access_tokens');
    expect(errorOf(() => parseDcrMetadata({ ...SEED_BODY, dpop_bound_access_tokens: 'yes' }, 'AIAgent')).code).toBe('invalid_client_metadata');
  });
});
