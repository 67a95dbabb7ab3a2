import { http } from '@mandate/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  UnauthorizedError,
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ConsentingProvider } from './support/consenting-provider';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';
import { type McpExampleServer, startMcpExampleServer } from './support/mcp-example-server';

// Issue 18: the official MCP SDK, unmodified, against examples/mcp-server protected by Mandate:
// discovery (RFC 9728 then RFC 8414), registration (RFC 7591), authorization with PKCE and
// resource (RFC 8707), token, tool call, refresh; the server accepts only tokens bound to it.

const REDIRECT = 'http://127.0.0.1:8976/callback';
const OTHER = 'https://other.example.com/api';

// `npm start` (embedded) and the distributed stack: the agents' own clients work on both.
describe.each(['distributed', 'embedded'] as const)('the MCP SDK against examples/mcp-server and Mandate (%s)', (mode) => {
  let demo: DemoStack;
  let server: McpExampleServer;
  let issuer = '';
  let bjensen = '';
  let bjensenSub = '';

  const connect = async (transport: StreamableHTTPClientTransport) => {
    const client = new Client({ name: 'mandate-e2e', version: '1.0.0' });
    await client.connect(transport);
    return client;
  };
  const whoami = async (client: Client) => {
    const result = await client.callTool({ name: 'whoami' });
    return result.structuredContent as { sub: string | null; client_id: string; scope: string; act: unknown };
  };
  const callWith = (token: string) =>
    http(server.resource, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
  const clientCredentials = async (clientId: string, secret: string, resource?: string) => {
    const res = await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', ...(resource && { resource }) }, basicAuth(clientId, secret)));
    expect(res.status).toBe(200);
    return (res.json as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    demo = await startDemoStack({}, mode);
    issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    server = await startMcpExampleServer({ issuer, introspection: { clientId: 'mcp-example-rs', clientSecret: 'rs-example-secret' } });
    // The realm: open registration, the scopes a registered client may have, JWT access tokens,
    // and the example server as the realm's one resource server.
    const provider = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        coreOAuth2Config: { statelessTokensEnabled: true },
        advancedOAuth2Config: { supportedScopes: ['read', 'write'], defaultScopes: ['read'], allowedResources: [server.resource] },
        clientDynamicRegistrationConfig: { allowDynamicRegistration: true },
      }),
    });
    expect(provider.status).toBe(200);
    // The example server's own credentials at /introspect.
    await demo.putClient('mcp-example-rs', {
      coreOAuth2ClientConfig: { userpassword: 'rs-example-secret', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
    // A confidential client with server-side (opaque) tokens, allowed the example server and another API.
    await demo.putClient('mcp-worker', {
      coreOAuth2ClientConfig: { userpassword: 'worker-secret', scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'], allowedResources: [server.resource, OTHER] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: false },
    });
    const login = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(login.status).toBe(200);
    bjensen = (login.json as { tokenId: string }).tokenId;
    // bjensen's subject: her identity's _id.
    const user = await http(`${demo.stack.baseUrl}/json${ALPHA}/users/bjensen`, { headers: { iPlanetDirectoryPro: demo.admin } });
    expect(user.status).toBe(200);
    bjensenSub = (user.json as { _id: string })._id;
  });

  afterAll(async () => {
    await server?.stop();
    await demo?.stop();
  });

  it('answers an unauthenticated call 401 naming its RFC 9728 metadata, which names Mandate’s realm', async () => {
    const res = await http(server.resource, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    const metadataUrl = `${new URL(server.resource).origin}/.well-known/oauth-protected-resource/mcp`;
    expect(res.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="Missing Authorization header", resource_metadata="${metadataUrl}"`);
    const metadata = await http(metadataUrl);
    expect(metadata.json).toEqual({ resource: server.resource, authorization_servers: [issuer], bearer_methods_supported: ['header'], resource_name: 'Mandate example MCP server' });
    expect((await http(`${new URL(server.resource).origin}/.well-known/oauth-protected-resource`)).json).toEqual(metadata.json);
  });

  it('runs discovery, registration, consent with PKCE and resource, token, a tool call, a refresh and another tool call', async () => {
    const provider = new ConsentingProvider(bjensen, { redirectUrl: REDIRECT, clientName: 'MCP SDK e2e client' });
    // 1. The first connect meets the 401: the SDK discovers, registers and "redirects".
    await expect(connect(new StreamableHTTPClientTransport(new URL(server.resource), { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client).toMatchObject({ client_id: expect.any(String), token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const asked = provider.authorizationUrl!;
    expect(`${asked.origin}${asked.pathname}`).toBe(`${issuer}/authorize`);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({ response_type: 'code', client_id: provider.client!.client_id, code_challenge_method: 'S256', redirect_uri: REDIRECT, resource: server.resource });
    expect(provider.code).toEqual(expect.any(String));

    // 2. Back at the redirect URI: the code is exchanged (PKCE verifier, resource), and the call goes through.
    const transport = new StreamableHTTPClientTransport(new URL(server.resource), { authProvider: provider });
    await transport.finishAuth(provider.code!);
    const first = provider.saved!;
    expect(decodeProtectedHeader(first.access_token)).toMatchObject({ typ: 'at+jwt' });
    expect(decodeJwt(first.access_token)).toMatchObject({ aud: server.resource, client_id: provider.client!.client_id });
    const client = await connect(transport);
    const me = await whoami(client);
    expect(me).toEqual({ sub: bjensenSub, client_id: provider.client!.client_id, scope: 'read', act: null });
    await client.close();

    // 3. A refresh (the public client's refresh token rotates), then another call with the new token.
    const metadata = await discoverAuthorizationServerMetadata(issuer);
    const refreshed = await refreshAuthorization(issuer, { metadata, clientInformation: provider.client!, refreshToken: first.refresh_token!, resource: new URL(server.resource) });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    provider.saveTokens(refreshed);
    const again = await connect(new StreamableHTTPClientTransport(new URL(server.resource), { authProvider: provider }));
    expect(await whoami(again)).toEqual(me);
    await again.close();
  });

  // RFC 8707 §2.1: the resource is a parameter of the authorization request; it must survive the
  // browser's detour through the login page and be posted back by the consent form.
  it('keeps the SDK’s resource through the browser’s sign-in and the consent form', async () => {
    const metadata = (await discoverAuthorizationServerMetadata(issuer))!;
    const clientInformation = await registerClient(issuer, { metadata, clientMetadata: new ConsentingProvider(bjensen, { redirectUrl: REDIRECT, clientName: 'MCP SDK e2e client' }).clientMetadata });
    const browse = async (url: string, cookie?: string) =>
      http(new URL(url, demo.stack.baseUrl).href, { headers: { Accept: 'text/html', ...(cookie && { Cookie: `iPlanetDirectoryPro=${cookie}` }) } });
    const signInThenAuthorize = async (resource: string) => {
      const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, { metadata, clientInformation, redirectUrl: REDIRECT, state: 'st', resource: new URL(resource) });
      const toLogin = await browse(authorizationUrl.href);
      expect(toLogin.status).toBe(302);
      const goto = new URL(toLogin.headers.get('location')!, demo.stack.baseUrl).searchParams.get('goto')!;
      expect(new URL(goto, demo.stack.baseUrl).searchParams.getAll('resource')).toEqual([resource]);
      // bjensen has signed in on the login page; it sends her back to goto.
      return { back: await browse(goto, bjensen), codeVerifier };
    };

    const { back: consent, codeVerifier } = await signInThenAuthorize(server.resource);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('MCP SDK e2e client wants access to your account');
    const fields = Object.fromEntries([...consent.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value.replace(/&amp;/g, '&')]));
    expect(fields).toMatchObject({ resource: server.resource, client_id: clientInformation.client_id, state: 'st', csrf: bjensen });
    const allowed = await http(`${issuer}/authorize`, formPost({ ...fields, decision: 'allow' }, { Cookie: `iPlanetDirectoryPro=${bjensen}` }));
    expect(allowed.status).toBe(302);
    const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!;
    const tokens = await exchangeAuthorization(issuer, { metadata, clientInformation, authorizationCode: code, codeVerifier, redirectUri: REDIRECT, resource: new URL(server.resource) });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: server.resource, sub: bjensenSub });
  });

  it('refuses 401 a JWT access token Mandate issued for another audience, or for none', async () => {
    await demo.putClient('mcp-worker-jwt', {
      coreOAuth2ClientConfig: { userpassword: 'worker-secret', scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'], allowedResources: [server.resource, OTHER] },
    });
    for (const token of [await clientCredentials('mcp-worker-jwt', 'worker-secret', OTHER), await clientCredentials('mcp-worker-jwt', 'worker-secret')]) {
      expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt' });
      const res = await callWith(token);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'invalid_token', error_description: 'Invalid access token (ERR_JWT_CLAIM_VALIDATION_FAILED)' });
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    const bound = await callWith(await clientCredentials('mcp-worker-jwt', 'worker-secret', server.resource));
    expect(bound.status).toBe(200);
  });

  it('accepts an opaque token bound to it through introspection, and refuses one for another audience', async () => {
    const opaque = await clientCredentials('mcp-worker', 'worker-secret', server.resource);
    expect(opaque.split('.')).toHaveLength(1);
    const client = await connect(new StreamableHTTPClientTransport(new URL(server.resource), { requestInit: { headers: { Authorization: `Bearer ${opaque}` } } }));
    expect(await whoami(client)).toMatchObject({ client_id: 'mcp-worker', scope: 'read', act: null });
    await client.close();
    const other = await callWith(await clientCredentials('mcp-worker', 'worker-secret', OTHER));
    expect(other.status).toBe(401);
    expect(other.json).toEqual({ error: 'invalid_token', error_description: 'Token was not issued for this resource' });
    const unknown = await callWith('not-a-token-mandate-issued');
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ error: 'invalid_token', error_description: 'Token is not active' });
  });
});
