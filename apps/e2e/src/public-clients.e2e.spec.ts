import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { http, workspaceRoot } from '@mandate/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CALLBACK, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

const MCP = 'https://mcp.example.com/mcp';
const OTHER = 'https://other.example.com/api';
/** A redirect URI a WHATWG URL keeps as written (no default port to drop). */
const O4W_CALLBACK = 'https://mcp-client.example.com/callback';

// Issue 18: what the MCP SDK and oauth4webapi do with a public client (no secret, PKCE S256).

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

// `npm start` (embedded) and the distributed stack: the agents' own clients work on both.
describe.each(['distributed', 'embedded'] as const)('public clients through the gateway (%s)', (mode) => {
  let demo: DemoStack;
  let bjensen = '';

  /** bjensen approves at /authorize as the consent page's form does; answers the code. */
  const authorize = async (fields: Record<string, string | string[]>) => {
    const res = await http(demo.oauth2('authorize'), formPost({ response_type: 'code', redirect_uri: CALLBACK, decision: 'allow', csrf: bjensen, ...fields }, { Cookie: `iPlanetDirectoryPro=${bjensen}` }));
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!).searchParams;
  };
  const codeFlow = async (clientId: string, extra: Record<string, string | string[]> = {}, tokenExtra: Record<string, string | string[]> = {}) => {
    const { verifier, challenge } = pkce();
    const params = await authorize({ client_id: clientId, code_challenge: challenge, code_challenge_method: 'S256', ...extra });
    expect(params.get('error')).toBeNull();
    return http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: clientId, code: params.get('code')!, redirect_uri: CALLBACK, code_verifier: verifier, ...tokenExtra }));
  };
  const refresh = (clientId: string, refreshToken: string, extra: Record<string, string | string[]> = {}) =>
    http(demo.oauth2('access_token'), formPost({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken, ...extra }));

  beforeAll(async () => {
    demo = await startDemoStack({}, mode);
    const login = await http(`${demo.stack.baseUrl}/json/realms/root/realms/alpha/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    bjensen = (login.json as { tokenId: string }).tokenId;
    await demo.putClient('mcp-public', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read', 'write'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], allowedResources: [MCP, OTHER] },
    });
    await demo.putClient('mcp-public-jwt', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read', 'write'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], allowedResources: [MCP] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true },
    });
    await demo.putClient('o4w-public', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [O4W_CALLBACK], scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethod: 'none', allowedResources: [MCP] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true },
    });
    await demo.putClient('mcp-resource-server', {
      coreOAuth2ClientConfig: { userpassword: 'rs-secret', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
    await demo.putClient('mcp-public-norotate', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, issueRefreshTokenOnRefreshedToken: false },
    });
  });

  afterAll(async () => demo?.stop());

  it('advertises token endpoint authentication method none (RFC 8414 §2)', async () => {
    const res = await http(demo.oauth2('.well-known/oauth-authorization-server'));
    expect((res.json as { token_endpoint_auth_methods_supported: string[] }).token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']);
  });

  it('grants the client’s default scopes to a request without scope, at /authorize and on refresh', async () => {
    const res = await codeFlow('mcp-public');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ scope: 'read', token_type: 'Bearer', refresh_token: expect.any(String) });
    const refreshed = await refresh('mcp-public', (res.json as { refresh_token: string }).refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ scope: 'read' });
  });

  it('rotates a public client’s refresh token even when its client turns rotation off (RFC 9700 §4.14.2), and a replay revokes the family', async () => {
    const res = await codeFlow('mcp-public-norotate');
    const first = (res.json as { refresh_token: string }).refresh_token;
    const second = await refresh('mcp-public-norotate', first);
    expect(second.status).toBe(200);
    const next = (second.json as { refresh_token?: string }).refresh_token;
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(first);
    const replay = await refresh('mcp-public-norotate', first);
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ error: 'invalid_grant' });
    const afterReplay = await refresh('mcp-public-norotate', next!);
    expect(afterReplay.json).toMatchObject({ error: 'invalid_grant' });
  });

  describe('RFC 8707 resource indicators', () => {
    const introspect = (token: string) => http(demo.oauth2('introspect'), formPost({ token }, basicAuth('mcp-resource-server', 'rs-secret')));

    it('binds a named resource into the access token’s aud, shown by introspection and tokeninfo', async () => {
      const res = await codeFlow('mcp-public', { resource: MCP }, { resource: MCP });
      expect(res.status).toBe(200);
      const { access_token: access } = res.json as { access_token: string };
      const seen = await introspect(access);
      expect(seen.json).toMatchObject({ active: true, client_id: 'mcp-public', scope: 'read', aud: MCP });
      const info = await http(`${demo.oauth2('tokeninfo')}?${new URLSearchParams({ access_token: access })}`);
      expect(info.json).toMatchObject({ aud: MCP, client_id: 'mcp-public' });
    });

    it('refreshes a public client’s grant with its resource, narrows to one of several, and never widens', async () => {
      const res = await codeFlow('mcp-public', { resource: [MCP, OTHER] }, { resource: [MCP, OTHER] });
      expect(res.status).toBe(200);
      const first = (res.json as { refresh_token: string }).refresh_token;
      const narrowed = await refresh('mcp-public', first, { resource: MCP });
      expect(narrowed.status).toBe(200);
      expect((await introspect((narrowed.json as { access_token: string }).access_token)).json).toMatchObject({ aud: MCP });
      const next = (narrowed.json as { refresh_token: string }).refresh_token;
      const widened = await refresh('mcp-public', next, { resource: 'https://third.example.com/' });
      expect(widened.status).toBe(400);
      expect(widened.json).toEqual({ error: 'invalid_target', error_description: 'Resource not allowed for this client: https://third.example.com/' });
    });

    it('refuses a refresh naming a resource its grant was not made for', async () => {
      const res = await codeFlow('mcp-public', { resource: MCP }, { resource: MCP });
      const widened = await refresh('mcp-public', (res.json as { refresh_token: string }).refresh_token, { resource: OTHER });
      expect(widened.status).toBe(400);
      expect(widened.json).toEqual({ error: 'invalid_target', error_description: `Resource not granted: ${OTHER}` });
    });

    it('redirects invalid_target from /authorize for a resource outside the client’s allow-list or with a fragment', async () => {
      const { challenge } = pkce();
      const refused = await authorize({ client_id: 'mcp-public', code_challenge: challenge, code_challenge_method: 'S256', resource: 'https://evil.example.com/' });
      expect(refused.get('error')).toBe('invalid_target');
      const fragment = await authorize({ client_id: 'mcp-public', code_challenge: challenge, code_challenge_method: 'S256', resource: `${MCP}#x` });
      expect(fragment.get('error')).toBe('invalid_target');
      expect(fragment.get('error_description')).toBe('Invalid resource: an absolute URI without a fragment is required');
    });

    it('refuses an allow-list entry that is not an absolute URI in the admin API (CREST 400), storing nothing', async () => {
      const url = `${demo.stack.baseUrl}/json/realms/root/realms/alpha/realm-config/agents/OAuth2Client/mcp-bad-list`;
      const headers = { iPlanetDirectoryPro: demo.admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=1.0' };
      const res = await http(url, { method: 'PUT', headers, body: JSON.stringify({ advancedOAuth2ClientConfig: { allowedResources: ['mcp.example.com'] } }) });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 400, reason: 'Bad Request', message: expect.stringContaining('allowedResources') });
      expect((await http(url, { headers })).status).toBe(404);
    });

    it('refuses a relative resource at the token endpoint with invalid_target', async () => {
      const res = await codeFlow('mcp-public', {}, { resource: '/mcp' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_target', error_description: 'Invalid resource: an absolute URI without a fragment is required' });
    });
  });

  it('issues an RFC 9068 JWT access token bound to the resource to a client with client-side tokens', async () => {
    const res = await codeFlow('mcp-public-jwt', { resource: MCP, scope: 'read write' }, { resource: MCP });
    expect(res.status).toBe(200);
    const jwt = (res.json as { access_token: string }).access_token;
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'at+jwt', alg: 'RS256', kid: expect.any(String) });
    const issuer = `${demo.stack.baseUrl}/oauth2/realms/root/realms/alpha`;
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(demo.oauth2('connect/jwk_uri'))), { issuer, audience: MCP, typ: 'at+jwt' });
    expect(payload).toMatchObject({ iss: issuer, aud: MCP, sub: expect.any(String), client_id: 'mcp-public-jwt', scope: 'read write', iat: expect.any(Number), exp: expect.any(Number), jti: expect.any(String) });
    // Introspection keeps AM's shape: scope space-separated, from the array the server keeps.
    const seen = await http(demo.oauth2('introspect'), formPost({ token: jwt }, basicAuth('mcp-resource-server', 'rs-secret')));
    expect(seen.json).toMatchObject({ active: true, scope: 'read write', aud: MCP });
  });

  // oauth4webapi is ESM-only: the script runs as a child Node process, as a user runs it.
  it('serves oauth4webapi unmodified: discovery with oidc and oauth2, a public client with RFC 8707, validateJwtAccessToken', async () => {
    const script = join(workspaceRoot(), 'tools', 'relying-party', 'oauth4webapi-mcp.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, demo.stack.baseUrl, 'o4w-public', O4W_CALLBACK, MCP], { cwd: workspaceRoot() });
    const issuer = `${demo.stack.baseUrl}/oauth2/realms/root/realms/alpha`;
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      `1. discovery: oidc issuer ${issuer}, oauth2 issuer ${issuer}`,
      '2. bjensen signed in',
      '3. tokens: scope "read", token_type bearer, refresh token issued',
      `4. RFC 9068 access token: aud "${MCP}", client_id o4w-public, scope "read"`,
    ]);
  });

  // Last: it changes the realm's provider settings.
  it('takes the realm’s resource servers for a client without its own list, and signs AM’s JWT body when amJwtAccessTokens is on', async () => {
    await demo.putClient('mcp-public-inherit', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true },
    });
    const before = await authorize({ client_id: 'mcp-public-inherit', code_challenge: pkce().challenge, code_challenge_method: 'S256', resource: MCP });
    expect(Object.fromEntries(before)).toMatchObject({ error: 'invalid_target', error_description: `Resource not allowed for this client: ${MCP}` });
    const provider = await http(`${demo.stack.baseUrl}/json/realms/root/realms/alpha/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({ advancedOAuth2Config: { allowedResources: [MCP], amJwtAccessTokens: true } }),
    });
    expect(provider.status).toBe(200);
    const after = await codeFlow('mcp-public-inherit', { resource: MCP }, { resource: MCP });
    expect(after.status).toBe(200);
    const jwt = (after.json as { access_token: string }).access_token;
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) });
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(demo.oauth2('connect/jwk_uri'))), { audience: MCP });
    expect(payload.scope).toEqual(['read']);
  });
});
