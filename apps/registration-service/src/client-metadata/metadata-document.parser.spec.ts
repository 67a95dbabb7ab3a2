import { parseMetadataDocument } from './metadata-document.parser';

const URL_ID = 'https://app.example.com/oauth/client.json';
const doc = (fields: Record<string, unknown> = {}) => JSON.stringify({ client_id: URL_ID, client_name: 'App', redirect_uris: ['https://app.example.com/cb'], ...fields });

describe('parseMetadataDocument (draft-ietf-oauth-client-id-metadata-document §4)', () => {
  it('answers a public client’s registration metadata and its client_uri', () => {
    const { meta, clientUri } = parseMetadataDocument(doc({ client_uri: 'https://app.example.com/', grant_types: ['authorization_code', 'refresh_token'], scope: 'read' }), URL_ID);
    expect(meta).toMatchObject({ redirectUris: ['https://app.example.com/cb'], clientName: 'App', tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['read'] });
    expect(clientUri).toBe('https://app.example.com/');
  });

  it.each([
    ['not JSON', '{', 'the client metadata document is not JSON'],
    ['an array', '[]', 'the client metadata document is not a JSON object'],
    ['another client_id', doc({ client_id: 'https://evil.example.com/client.json' }), 'the document’s client_id does not equal its URL'],
    ['a client_id differing only by a trailing slash', doc({ client_id: `${URL_ID}/` }), 'the document’s client_id does not equal its URL'],
    ['client_secret', doc({ client_secret: 'x' }), 'the document must not contain client_secret or client_secret_expires_at'],
    ['client_secret_expires_at', doc({ client_secret_expires_at: 0 }), 'the document must not contain client_secret or client_secret_expires_at'],
    ['client_secret_post', doc({ token_endpoint_auth_method: 'client_secret_post' }), 'token_endpoint_auth_method client_secret_post needs a shared secret, which a document cannot have'],
    ['client_secret_jwt', doc({ token_endpoint_auth_method: 'client_secret_jwt' }), 'token_endpoint_auth_method client_secret_jwt needs a shared secret, which a document cannot have'],
    ['private_key_jwt', doc({ token_endpoint_auth_method: 'private_key_jwt' }), 'token_endpoint_auth_method must be none (or left out)'],
    ['no redirect URI', doc({ redirect_uris: [] }), 'redirect_uris: at least one is required for the authorization_code grant type'],
    ['an http redirect URI off the loopback', doc({ redirect_uris: ['http://app.example.com/cb'] }), 'redirect_uris: http://app.example.com/cb uses http for a host other than the loopback interface'],
    ['a client credentials grant', doc({ grant_types: ['client_credentials'], response_types: [] }), 'grant_types: client_credentials needs a confidential client, not token_endpoint_auth_method none'],
  ])('refuses %s', (_, text, problem) => {
    expect(() => parseMetadataDocument(text, URL_ID)).toThrow(`Client metadata document refused: ${problem}`);
  });
});
