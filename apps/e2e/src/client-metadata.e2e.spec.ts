import { createHash, randomBytes } from 'node:crypto';
import { http } from '@mandate/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, discoverAuthorizationServerMetadata, refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt } from 'jose';
import { ConsentingProvider } from './support/consenting-provider';
import { ALPHA, CALLBACK, type DemoStack, formPost, startDemoStack } from './support/demo-stack';
import { type DocumentServer, startDocumentServer } from './support/document-server';
import { type McpExampleServer, startMcpExampleServer } from './support/mcp-example-server';

// Issue 18: client ID metadata documents (draft-ietf-oauth-client-id-metadata-document, MCP
// 2025-11-25): the MCP SDK names its client by the URL of its document, Mandate fetches it (on
// loopback only through the test switch MANDATE_CIMD_ALLOW_LOOPBACK) and treats it as a public
// client. And RFC 8707 §2.2: the resources of /authorize are bound to the code.

const REDIRECT = 'http://127.0.0.1:8977/callback';
const OTHER = 'https://other.example.com/api';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe.each(['distributed', 'embedded'] as const)('client ID metadata documents and resource-bound codes (%s)', (mode) => {
  let docs: DocumentServer;
  let demo: DemoStack;
  let server: McpExampleServer;
  let issuer = '';
  let bjensen = '';

  /** A document at `path` whose client_id is its own URL (unless `fields` says otherwise). */
  const publish = (path: string, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const url = `${docs.origin}${path}`;
    docs.serve(path, { body: { client_id: url, client_name: 'Document client', client_uri: 'https://app.example.org/', redirect_uris: [REDIRECT], ...fields }, headers });
    return url;
  };
  const authorizeApi = (fields: Record<string, string | string[]>) =>
    http(demo.oauth2('authorize'), formPost({ response_type: 'code', decision: 'allow', csrf: bjensen, ...fields }, { Cookie: `iPlanetDirectoryPro=${bjensen}` }));
  const browse = (params: Record<string, string>) =>
    http(`${demo.oauth2('authorize')}?${new URLSearchParams({ response_type: 'code', ...params })}`, { headers: { Accept: 'text/html', Cookie: `iPlanetDirectoryPro=${bjensen}` } });

  beforeAll(async () => {
    docs = await startDocumentServer();
    demo = await startDemoStack({ MANDATE_CIMD_ALLOW_LOOPBACK: 'true', NODE_EXTRA_CA_CERTS: docs.caFile }, mode);
    issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    server = await startMcpExampleServer({ issuer });
    // Registration stays closed: a document's client needs none.
    const provider = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({ coreOAuth2Config: { statelessTokensEnabled: true }, advancedOAuth2Config: { supportedScopes: ['read', 'write'], defaultScopes: ['read'], allowedResources: [server.resource, OTHER] } }),
    });
    expect(provider.status).toBe(200);
    await demo.putClient('bound-public', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], allowedResources: [server.resource, OTHER] },
    });
    const login = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    bjensen = (login.json as { tokenId: string }).tokenId;
  });

  afterAll(async () => {
    await server?.stop();
    await demo?.stop();
    await docs?.stop();
  });

  it('advertises client_id_metadata_document_supported in both discovery documents', async () => {
    for (const doc of ['.well-known/openid-configuration', '.well-known/oauth-authorization-server']) {
      expect((await http(demo.oauth2(doc))).json).toMatchObject({ client_id_metadata_document_supported: true, token_endpoint_auth_methods_supported: expect.arrayContaining(['none']) });
    }
    const atOrigin = await http(`${demo.stack.origin}/.well-known/oauth-authorization-server/am/oauth2${ALPHA}`);
    expect(atOrigin.json).toMatchObject({ client_id_metadata_document_supported: true });
  });

  it('lets the MCP SDK’s auth() use a URL client_id: consent naming the document’s host, token, tool call, refresh', async () => {
    const url = publish('/mcp-client.json', { grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' }, { 'Cache-Control': 'max-age=600' });
    const provider = new ConsentingProvider(bjensen, { redirectUrl: REDIRECT, clientName: 'Document client', clientMetadataUrl: url });
    await expect(new Client({ name: 'cimd-e2e', version: '1.0.0' }).connect(new StreamableHTTPClientTransport(new URL(server.resource), { authProvider: provider }))).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    // The SDK registered nothing: its client id is the document's URL.
    expect(provider.client).toMatchObject({ client_id: url });
    expect(provider.consentHtml).toContain('<h1>Document client wants access to your account</h1>');
    expect(provider.consentHtml).toContain(`This application describes itself at <strong>${new URL(url).host}</strong>; its website is <strong>app.example.org</strong>.`);

    const transport = new StreamableHTTPClientTransport(new URL(server.resource), { authProvider: provider });
    await transport.finishAuth(provider.code!);
    expect(decodeJwt(provider.saved!.access_token)).toMatchObject({ aud: server.resource, client_id: url, scope: 'read' });
    const client = new Client({ name: 'cimd-e2e', version: '1.0.0' });
    await client.connect(transport);
    const me = (await client.callTool({ name: 'whoami' })).structuredContent as { client_id: string; scope: string };
    expect(me).toMatchObject({ client_id: url, scope: 'read' });
    await client.close();

    const metadata = await discoverAuthorizationServerMetadata(issuer);
    const refreshed = await refreshAuthorization(issuer, { metadata, clientInformation: provider.client!, refreshToken: provider.saved!.refresh_token!, resource: new URL(server.resource) });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ client_id: url, aud: server.resource });
    expect(refreshed.refresh_token).not.toBe(provider.saved!.refresh_token);
    // One fetch served the authorization request, the code, the refresh and the discovery: the document's max-age holds.
    expect(docs.hits('/mcp-client.json')).toBe(1);
  });

  it('requires PKCE of a document’s client, and refuses a secret from it at the token endpoint', async () => {
    const url = publish('/pkce-client.json');
    const noPkce = await authorizeApi({ client_id: url, redirect_uri: REDIRECT });
    expect(noPkce.status).toBe(302);
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error_description')).toBe('PKCE is required for public clients: send code_challenge with code_challenge_method=S256');
    const withSecret = await http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: url, client_secret: 'guess', code: 'x', redirect_uri: REDIRECT }));
    expect(withSecret.status).toBe(401);
    expect(withSecret.json).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
  });

  it('refuses a redirect URI the document does not list, with a page and no redirect', async () => {
    const url = publish('/strict-client.json');
    const res = await browse({ client_id: url, redirect_uri: 'http://127.0.0.1:8977/other', code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('The redirection URI provided does not match a pre-registered value.');
  });

  it.each([
    ['whose client_id is another URL', '/mismatch.json', { client_id: 'https://elsewhere.example.com/client.json' }, 'the document’s client_id does not equal its URL'],
    ['with a client secret', '/secret.json', { client_secret: 's3cret' }, 'the document must not contain client_secret or client_secret_expires_at'],
    ['with a symmetric authentication method', '/basic.json', { token_endpoint_auth_method: 'client_secret_basic' }, 'token_endpoint_auth_method client_secret_basic needs a shared secret, which a document cannot have'],
    ['with a password grant', '/password.json', { grant_types: ['authorization_code', 'password'] }, 'grant_types: a document’s client may use only authorization_code and refresh_token, not password'],
  ])('refuses a document %s at /authorize (page, no redirect) and at the token endpoint (invalid_client)', async (_, path, fields, problem) => {
    const url = publish(path, fields);
    const page = await browse({ client_id: url, redirect_uri: REDIRECT });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain(`Client metadata document refused: ${problem}`);
    const api = await authorizeApi({ client_id: url, redirect_uri: REDIRECT });
    expect(api.status).toBe(400);
    expect(api.json).toEqual({ error: 'invalid_request', error_description: `Client metadata document refused: ${problem}` });
    const token = await http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: url, code: 'x', redirect_uri: REDIRECT, code_verifier: pkce().verifier }));
    expect(token.status).toBe(401);
    expect(token.json).toEqual({ error: 'invalid_client', error_description: `Client metadata document refused: ${problem}` });
  });

  it('refuses a document URL that answers a redirect, and one that is not https, and one too large', async () => {
    docs.serve('/moved.json', { status: 302, headers: { Location: `${docs.origin}/mcp-client.json` } });
    const moved = await authorizeApi({ client_id: `${docs.origin}/moved.json`, redirect_uri: REDIRECT });
    expect(moved.json).toEqual({ error: 'invalid_request', error_description: 'Client metadata document refused: the client_id URL answered a redirect, which is not followed' });
    const plain = await authorizeApi({ client_id: `http://127.0.0.1:1/client.json`, redirect_uri: REDIRECT });
    expect(plain.json).toEqual({ error: 'invalid_request', error_description: 'Client metadata document refused: client_id URL must use https' });
    const big = publish('/big.json', { padding: 'x'.repeat(6000) });
    const large = await authorizeApi({ client_id: big, redirect_uri: REDIRECT });
    expect(large.json).toEqual({ error: 'invalid_request', error_description: 'Client metadata document refused: the client metadata document is larger than 5120 bytes' });
  });

  it('never fetches a private address, even with the loopback switch on', async () => {
    const res = await authorizeApi({ client_id: 'https://10.0.0.1/client.json', redirect_uri: REDIRECT });
    expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Client metadata document refused: the client_id host is not a publicly routable address' });
    const metadata = await authorizeApi({ client_id: 'https://169.254.169.254/latest/meta-data', redirect_uri: REDIRECT });
    expect(metadata.json).toEqual(res.json);
  });

  describe('RFC 8707 §2.2: the resources of /authorize are bound to the code', () => {
    const codeFor = async (resources: string[]) => {
      const { verifier, challenge } = pkce();
      const res = await authorizeApi({ client_id: 'bound-public', redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256', resource: resources });
      const code = new URL(res.headers.get('location')!).searchParams.get('code');
      expect(code).toEqual(expect.any(String));
      return { code: code!, verifier };
    };
    const redeem = (code: { code: string; verifier: string }, resource?: string | string[]) =>
      http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: 'bound-public', code: code.code, redirect_uri: CALLBACK, code_verifier: code.verifier, ...(resource && { resource }) }));

    it('gives a token request that names no resource every resource the code was authorized for', async () => {
      const res = await redeem(await codeFor([server.resource, OTHER]));
      expect(res.status).toBe(200);
      expect(decodeJwt((res.json as { access_token: string }).access_token).aud).toEqual([server.resource, OTHER]);
    });

    it('lets the token request narrow to one of them, and a refresh come back to the other', async () => {
      const res = await redeem(await codeFor([server.resource, OTHER]), server.resource);
      expect(res.status).toBe(200);
      expect(decodeJwt((res.json as { access_token: string }).access_token).aud).toBe(server.resource);
      const refreshed = await http(demo.oauth2('access_token'), formPost({ grant_type: 'refresh_token', client_id: 'bound-public', refresh_token: (res.json as { refresh_token: string }).refresh_token, resource: OTHER }));
      expect(refreshed.status).toBe(200);
      expect(decodeJwt((refreshed.json as { access_token: string }).access_token).aud).toBe(OTHER);
    });

    it('refuses a token request naming a resource the code was not authorized for, though the client may name it', async () => {
      const res = await redeem(await codeFor([server.resource]), OTHER);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_target', error_description: `Resource not granted: ${OTHER}` });
    });

    it('keeps a code issued for no resource open to the token request’s choice', async () => {
      const res = await redeem(await codeFor([]), OTHER);
      expect(res.status).toBe(200);
      expect(decodeJwt((res.json as { access_token: string }).access_token).aud).toBe(OTHER);
    });
  });
});
