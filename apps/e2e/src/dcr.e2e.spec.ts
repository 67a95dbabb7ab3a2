import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Infra, type MandateStack, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { ADMIN_PASSWORD, TOKEN_EXCHANGE as TX } from './support/demo-stack';

// Issue 7: dynamic client registration (RFC 7591/7592, am-spec §11) through the gateway, in the
// distributed mode on real Postgres and NATS, with config/demo.json imported at start (open
// registration, seed 002's DCR script and may-act script).

const run = promisify(execFile);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const MAY_ACT_ID = '4478ca08-5a2a-4b1a-adee-d57c5c032d72';
const INVALID_TOKEN = 'The access token provided is expired, revoked, malformed, or invalid for other reasons.';
/** seed 002 "Register the AI agent", the --data of the curl command, character for character. */
const SEED_DATA = `{
  "grant_types": ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
  "client_name": "software agent",
  "response_types": ["token"],
  "redirect_uris": ["https://www.example.com:443/callback"],
  "scopes": ["read", "write"]
}`;
const SEED_BODY = JSON.parse(SEED_DATA) as Record<string, unknown>;
/** The provider settings of config/demo.json, to restore after a test changes them. */
const DEMO_PROVIDER = {
  advancedOAuth2Config: { grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TX], supportedScopes: ['read', 'write'] },
  clientDynamicRegistrationConfig: {
    allowDynamicRegistration: true,
    dynamicClientRegistrationScript: 'Software agent DCR script',
    dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials', TX],
  },
};

describe('dynamic client registration through the gateway (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let adminToken = '';

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({
      mode: 'distributed',
      infra,
      env: { MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), AM_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    const login = await http(`${stack.baseUrl}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(login.status).toBe(200);
    adminToken = (login.json as { tokenId: string }).tokenId;
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  const issuer = () => `${stack!.baseUrl}/oauth2/realms/root/realms/alpha`;
  const json = (path: string) => `${stack!.baseUrl}/json/realms/root/realms/alpha/${path}`;
  const register = (endpoint: 'register' | 'aiagent/register', body: unknown, headers: Record<string, string> = {}) =>
    http(`${issuer()}/${endpoint}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const manage = (method: 'GET' | 'PUT' | 'DELETE', uri: string, token: string, body?: unknown) =>
    http(uri, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const adminHeaders = (version: string) => ({ iPlanetDirectoryPro: adminToken, 'Accept-API-Version': version });
  const readAgent = (id: string) => http(json(`realm-config/agents/AIAgent/${id}`), { headers: adminHeaders('resource=2.0') });
  const agentCount = async () => {
    const res = await http(json('realm-config/agents/AIAgent?_queryFilter=true'), { headers: adminHeaders('resource=2.0') });
    return (res.json as { resultCount: number }).resultCount;
  };
  const putProvider = async (body: Record<string, unknown>) => {
    const res = await http(json('realm-config/services/oauth-oidc'), {
      method: 'PUT',
      headers: { ...adminHeaders('protocol=1.0,resource=1.0'), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  /** The seed's profile: what registration-service answers, with the generated values left open. */
  const seedProfile = (clientId: string) => ({
    authorization_signed_response_alg: 'RS256',
    request_object_encryption_alg: '',
    introspection_encrypted_response_alg: 'RSA-OAEP-256',
    default_max_age: 0,
    application_type: 'web',
    introspection_encrypted_response_enc: 'A128CBC-HS256',
    introspection_signed_response_alg: 'RS256',
    providerOverridesEnabled: true,
    userinfo_encrypted_response_enc: '',
    registration_client_uri: `${issuer()}/aiagent/register?client_id=${clientId}`,
    client_type: 'Confidential',
    userinfo_encrypted_response_alg: '',
    registration_access_token: expect.stringMatching(TOKEN),
    token_endpoint_auth_method: 'client_secret_basic',
    userinfo_signed_response_alg: '',
    client_id: clientId,
    enableApplicationContext: false,
    public_key_selector: 'x509',
    scope: 'read write',
    require_pushed_authorization_requests: false,
    authorization_code_lifetime: 0,
    client_secret: expect.stringMatching(TOKEN),
    user_info_response_format_selector: 'JSON',
    tls_client_certificate_bound_access_tokens: false,
    backchannel_logout_session_required: false,
    // am-spec §16.3: the seed prints "Software Agent" for the "software agent" it sent; the name is kept as sent.
    client_name: 'software agent',
    grant_types: ['client_credentials', TX],
    jwt_token_lifetime: 0,
    id_token_encryption_enabled: false,
    redirect_uris: ['https://www.example.com:443/callback'],
    jwks_cache_miss_cache_time: 60000,
    jwks_cache_timeout: 3600000,
    id_token_encrypted_response_alg: 'RSA-OAEP-256',
    id_token_encrypted_response_enc: 'A128CBC-HS256',
    client_secret_expires_at: 0,
    access_token_lifetime: 0,
    refresh_token_lifetime: 0,
    scopes: ['read', 'write'],
    request_object_signing_alg: '',
    response_types: ['token'],
  });

  describe('seed 002: register the AI agent', () => {
    it('answers the seed’s curl command with 201 and the seed’s profile, as the DCR script left it', async () => {
      const url = `${issuer()}/aiagent/register`;
      // seed 002, verbatim but for the host; --write-out appends the status.
      const { stdout } = await run('curl', ['--silent', '--write-out', '\n%{http_code}', '--request', 'POST', '--header', 'Content-Type: application/json', '--data', SEED_DATA, url]);
      const cut = stdout.lastIndexOf('\n');
      expect(stdout.slice(cut + 1)).toBe('201');
      const profile = JSON.parse(stdout.slice(0, cut)) as Record<string, unknown>;
      expect(profile['client_id']).toMatch(UUID);
      expect(profile).toEqual(seedProfile(profile['client_id'] as string));
    });

    it('answers with Cache-Control: no-store, and the agent is in the AI agent registry as the script set it up', async () => {
      const res = await register('aiagent/register', SEED_BODY);
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
      const clientId = (res.json as { client_id: string }).client_id;

      const agent = await readAgent(clientId);
      expect(agent.status).toBe(200);
      expect(agent.json).toMatchObject({
        _id: clientId,
        _type: { _id: 'AIAgent', name: 'AI Agents', collection: true },
        coreOAuth2ClientConfig: { clientType: 'Confidential', clientName: ['software agent'], scopes: ['read', 'write'], redirectionUris: ['https://www.example.com:443/callback'] },
        advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', TX], responseTypes: ['token'], tokenEndpointAuthMethod: 'client_secret_basic' },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: MAY_ACT_ID, statelessTokensEnabled: true },
      });
      expect(JSON.stringify(agent.json)).not.toContain((res.json as { client_secret: string }).client_secret);
    });

    it('registers an OAuth2 client at /register, which the seed’s script leaves alone', async () => {
      const res = await register('register', { redirect_uris: ['http://127.0.0.1:8123/cb'], scope: 'read', client_name: 'web app' });
      expect(res.status).toBe(201);
      const profile = res.json as Record<string, unknown>;
      expect(profile).toMatchObject({
        client_id: expect.stringMatching(UUID),
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: 'read',
        scopes: ['read'],
        providerOverridesEnabled: false,
        registration_client_uri: `${issuer()}/register?client_id=${profile['client_id']}`,
      });
      const client = await http(json(`realm-config/agents/OAuth2Client/${profile['client_id']}`), { headers: adminHeaders('resource=1.0') });
      expect(client.json).toMatchObject({ overrideOAuth2ClientConfig: { providerOverridesEnabled: false, accessTokenMayActScript: '[Empty]' } });
    });
  });

  describe('RFC 7592 management with the registration access token', () => {
    it('reads, replaces with a new token (the old one stops working) and deletes (204, then 401)', async () => {
      const created = (await register('aiagent/register', SEED_BODY)).json as Record<string, string>;
      const uri = created['registration_client_uri'];
      const { client_secret: _secret, registration_access_token: firstToken, registration_client_uri: _uri, ...profile } = created;

      const read = await manage('GET', uri, firstToken);
      expect(read.status).toBe(200);
      expect(read.json).toEqual(profile);

      const replaced = await manage('PUT', uri, firstToken, { ...SEED_BODY, client_id: created['client_id'], scopes: ['read'] });
      expect(replaced.status).toBe(200);
      const { registration_access_token: secondToken, ...replacedProfile } = replaced.json as Record<string, string>;
      expect(secondToken).toMatch(TOKEN);
      expect(secondToken).not.toBe(firstToken);
      expect(replacedProfile).toEqual({ ...profile, scope: 'read', scopes: ['read'], registration_client_uri: uri });

      const stale = await manage('GET', uri, firstToken);
      expect(stale.status).toBe(401);
      expect(stale.json).toEqual({ error: 'invalid_token', error_description: INVALID_TOKEN });
      expect(stale.headers.get('www-authenticate')).toBe('Bearer realm="oauth2", error="invalid_token"');
      expect(stale.headers.get('cache-control')).toBe('no-store');

      const deleted = await manage('DELETE', uri, secondToken);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const after = await manage('GET', uri, secondToken);
      expect(after.status).toBe(401);
      expect(after.json).toEqual({ error: 'invalid_token', error_description: INVALID_TOKEN });
      expect((await readAgent(created['client_id'])).status).toBe(404);
    });

    it('refuses a request without a token and one without client_id', async () => {
      const created = (await register('aiagent/register', SEED_BODY)).json as Record<string, string>;
      const noToken = await http(created['registration_client_uri']);
      expect(noToken.status).toBe(401);
      expect(noToken.json).toEqual({ error: 'invalid_token', error_description: INVALID_TOKEN });
      const noId = await manage('GET', `${issuer()}/aiagent/register`, created['registration_access_token']);
      expect(noId.status).toBe(400);
      expect(noId.json).toEqual({ error: 'invalid_request', error_description: 'Missing parameters: client_id' });
    });
  });

  describe('metadata validation (RFC 7591 §3.2.2)', () => {
    it.each([
      ['a relative redirection URI', { ...SEED_BODY, redirect_uris: ['/callback'] }, 'invalid_redirect_uri', 'redirect_uris: /callback is not an absolute URI'],
      ['a redirection URI with a fragment', { ...SEED_BODY, redirect_uris: ['https://www.example.com/cb#x'] }, 'invalid_redirect_uri', 'redirect_uris: https://www.example.com/cb#x must not contain a fragment'],
      [
        'http to a host other than the loopback',
        { ...SEED_BODY, redirect_uris: ['http://www.example.com/cb'] },
        'invalid_redirect_uri',
        'redirect_uris: http://www.example.com/cb uses http for a host other than the loopback interface',
      ],
      ['an unknown grant type', { ...SEED_BODY, grant_types: ['magic'] }, 'invalid_client_metadata', 'grant_types: unsupported grant type magic'],
      [
        'a response type its grants cannot serve',
        { ...SEED_BODY, response_types: ['code'] },
        'invalid_client_metadata',
        'response_types: the code response type needs the authorization_code grant type',
      ],
      [
        'a file: redirection URI',
        { ...SEED_BODY, redirect_uris: ['file:///tmp/cb'] },
        'invalid_redirect_uri',
        'redirect_uris: file:///tmp/cb uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form',
      ],
      [
        'a private-use scheme not in reverse domain name form',
        { ...SEED_BODY, redirect_uris: ['myapp:/cb'] },
        'invalid_redirect_uri',
        'redirect_uris: myapp:/cb uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form',
      ],
      [
        'more than 20 redirection URIs',
        { ...SEED_BODY, redirect_uris: Array.from({ length: 21 }, (_, i) => `https://www.example.com/cb${i}`) },
        'invalid_client_metadata',
        'redirect_uris: more than 20 redirection URIs',
      ],
      ['a string over 2 KiB', { ...SEED_BODY, client_name: 'x'.repeat(2049) }, 'invalid_client_metadata', 'client_name: a value is longer than 2048 characters'],
      ['a document over 64 KiB', { ...SEED_BODY, padding: Array.from({ length: 40 }, () => 'p'.repeat(2000)) }, 'invalid_client_metadata', 'The registration request is larger than 65536 bytes'],
      ['malformed JSON', '{"grant_types": [', 'invalid_client_metadata', 'The registration request is not valid JSON'],
      ['a JSON body that is not an object', '["client_credentials"]', 'invalid_client_metadata', 'The registration request must be a JSON object'],
    ])('answers 400 for %s', async (_what, body, error, description) => {
      const res = await register('aiagent/register', body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error, error_description: description });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it.each(['register', 'aiagent/register'] as const)('answers 400 invalid_client_metadata for a form body at /%s, and registers nothing', async (endpoint) => {
      const before = await agentCount();
      const res = await http(`${issuer()}/${endpoint}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_name: 'form agent', grant_types: 'client_credentials' }).toString(),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_client_metadata', error_description: 'The registration request must be a JSON document (Content-Type: application/json)' });
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await agentCount()).toBe(before);
    });

    it('accepts a private-use redirection URI in reverse domain name form and the seed’s https one', async () => {
      const res = await register('register', { redirect_uris: ['com.example.app:/oauth2redirect', 'https://www.example.com:443/callback'], scope: 'read' });
      expect(res.status).toBe(201);
      expect((res.json as { redirect_uris: string[] }).redirect_uris).toEqual(['com.example.app:/oauth2redirect', 'https://www.example.com:443/callback']);
    });

    it('answers 400 invalid_client_metadata for scopes outside the provider’s registration allowlist', async () => {
      await putProvider({ ...DEMO_PROVIDER, advancedOAuth2Config: { ...DEMO_PROVIDER.advancedOAuth2Config, supportedScopes: ['read', 'write|Write access'] } });
      try {
        const refused = await register('aiagent/register', { ...SEED_BODY, scopes: ['read', 'delete'] });
        expect(refused.status).toBe(400);
        expect(refused.json).toEqual({ error: 'invalid_client_metadata', error_description: 'scope: not allowed for registration: delete' });
        expect((await register('aiagent/register', SEED_BODY)).status).toBe(201);
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
    });
  });

  describe('open registration hands out no privileges (issue 17)', () => {
    /** Open registration switched on, everything else at the provider's defaults. */
    const OPEN_ONLY = { advancedOAuth2Config: { grantTypes: DEMO_PROVIDER.advancedOAuth2Config.grantTypes }, clientDynamicRegistrationConfig: { allowDynamicRegistration: true } };
    beforeAll(() => putProvider(OPEN_ONLY));
    afterAll(() => putProvider(DEMO_PROVIDER));

    it('refuses an anonymous client asking for scopes the provider does not offer, so no token carries them', async () => {
      const res = await register('register', { grant_types: ['client_credentials'], scope: 'admin-action logs-read read-data am-admin', client_name: 'grab' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_client_metadata', error_description: 'scope: not allowed for registration: admin-action logs-read read-data am-admin' });
    });

    it('refuses the password grant to an anonymous client', async () => {
      const res = await register('register', { grant_types: ['password'] });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_client_metadata', error_description: 'grant_types: not allowed for registration: password' });
    });

    it('gives a client that asks for no scope the provider’s default scopes, and its token carries them', async () => {
      await putProvider({ ...OPEN_ONLY, advancedOAuth2Config: { ...OPEN_ONLY.advancedOAuth2Config, defaultScopes: ['read'] } });
      try {
        const res = await register('register', { grant_types: ['client_credentials'], client_name: 'defaults' });
        expect(res.status).toBe(201);
        const { client_id, client_secret, scopes } = res.json as { client_id: string; client_secret: string; scopes: string[] };
        expect(scopes).toEqual(['read']);
        const token = await http(`${issuer()}/access_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret }).toString(),
        });
        expect(token.status).toBe(200);
        expect((token.json as { scope: string }).scope).toBe('read');
      } finally {
        await putProvider(OPEN_ONLY);
      }
    });
  });

  describe('who may register (am-spec §11.2)', () => {
    it('answers 401 invalid_token without an access token when open registration is off', async () => {
      await putProvider({ ...DEMO_PROVIDER, clientDynamicRegistrationConfig: { ...DEMO_PROVIDER.clientDynamicRegistrationConfig, allowDynamicRegistration: false } });
      try {
        const res = await register('aiagent/register', SEED_BODY);
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ error: 'invalid_token', error_description: 'Dynamic client registration requires an access token' });
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="oauth2", error="invalid_token"');
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
    });

    it('accepts a bearer access token with the registration scope, issued by token-service, and refuses others', async () => {
      const PROTECTED_BODY = { client_name: 'protected', redirect_uris: ['https://app.example.com/cb'] };
      const putClient = (id: string, body: Record<string, unknown>) =>
        http(json(`realm-config/agents/OAuth2Client/${id}`), { method: 'PUT', headers: { ...adminHeaders('resource=1.0'), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(
        (await putClient('registrar', {
          coreOAuth2ClientConfig: { userpassword: 'registrar-secret', clientType: 'Confidential', scopes: ['dynamic_client_registration', 'read'] },
          advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
        })).status,
      ).toBe(201);
      const cc = async (scope: string) => {
        const res = await http(`${issuer()}/access_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'registrar', client_secret: 'registrar-secret', scope }).toString(),
        });
        expect(res.status).toBe(200);
        return (res.json as { access_token: string }).access_token;
      };
      const initial = await cc('dynamic_client_registration');
      const readOnly = await cc('read');
      await putProvider({ ...DEMO_PROVIDER, clientDynamicRegistrationConfig: { ...DEMO_PROVIDER.clientDynamicRegistrationConfig, allowDynamicRegistration: false } });
      try {
        expect((await register('register', PROTECTED_BODY, { Authorization: `Bearer ${initial}` })).status).toBe(201);
        const narrow = await register('register', PROTECTED_BODY, { Authorization: `Bearer ${readOnly}` });
        expect(narrow.status).toBe(403);
        expect(narrow.json).toEqual({ error: 'insufficient_scope', error_description: 'The access token does not carry the scope dynamic_client_registration' });
        const revoked = await http(`${issuer()}/token/revoke`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: initial, client_id: 'registrar', client_secret: 'registrar-secret' }).toString(),
        });
        expect(revoked.status).toBe(200);
        const after = await register('register', PROTECTED_BODY, { Authorization: `Bearer ${initial}` });
        expect(after.status).toBe(401);
        expect((after.json as { error: string }).error).toBe('invalid_token');
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
    });
  });

  describe('initial access tokens (RFC 7591 §3)', () => {
    const initialTokens = (query = '') => json(`realm-config/services/oauth-oidc/initialAccessTokens${query}`);
    const createInitialToken = (body: unknown, headers: Record<string, string> = adminHeaders('protocol=1.0,resource=1.0')) =>
      http(initialTokens('?_action=create'), { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    it('lets amadmin create one, shown once, that registers while open registration is off; a bad one answers 401', async () => {
      const created = await createInitialToken({ maxUses: 1 });
      expect(created.status).toBe(201);
      expect(created.headers.get('cache-control')).toBe('no-store');
      const { _id, token } = created.json as { _id: string; token: string };
      expect(token).toMatch(TOKEN);
      await putProvider({ ...DEMO_PROVIDER, clientDynamicRegistrationConfig: { ...DEMO_PROVIDER.clientDynamicRegistrationConfig, allowDynamicRegistration: false } });
      try {
        const registered = await register('aiagent/register', SEED_BODY, { Authorization: `Bearer ${token}` });
        expect(registered.status).toBe(201);
        expect(registered.json).toEqual(seedProfile((registered.json as { client_id: string }).client_id));
        for (const bearer of [token, 'not-an-initial-access-token']) {
          const refused = await register('aiagent/register', SEED_BODY, { Authorization: `Bearer ${bearer}` });
          expect(refused.status).toBe(401);
          expect(refused.json).toEqual({ error: 'invalid_token', error_description: INVALID_TOKEN });
          expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="oauth2", error="invalid_token"');
        }
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
      const listed = await http(initialTokens('?_queryFilter=true'), { headers: adminHeaders('protocol=1.0,resource=1.0') });
      expect(listed.status).toBe(200);
      const entry = (listed.json as { result: Array<Record<string, unknown>> }).result.find((t) => t['_id'] === _id);
      expect(entry).toMatchObject({ uses: 1, maxUses: 1, expiresAt: null });
      expect(JSON.stringify(listed.json)).not.toContain(token);
      const deleted = await http(initialTokens(`/${_id}`), { method: 'DELETE', headers: adminHeaders('protocol=1.0,resource=1.0') });
      expect(deleted.status).toBe(200);
    });

    it('answers a retry with the same Idempotency-Key with the first token, and the key with another body CREST 422 (issue 25)', async () => {
      const headers = { ...adminHeaders('protocol=1.0,resource=1.0'), 'Idempotency-Key': '"3a9f0c1d-5b7e-4d2a-8c6f-9e1b4a7d0c35"' };
      const count = async () => (((await http(initialTokens('?_queryFilter=true'), { headers: adminHeaders('protocol=1.0,resource=1.0') })).json as { resultCount: number }).resultCount);
      const before = await count();
      const first = await createInitialToken({ maxUses: 2 }, headers);
      expect(first.status).toBe(201);
      const again = await createInitialToken({ maxUses: 2 }, headers);
      expect(again.status).toBe(201);
      expect(again.json).toEqual(first.json);
      expect(await count()).toBe(before + 1);
      const reused = await createInitialToken({ maxUses: 5 }, headers);
      expect(reused.status).toBe(422);
      expect(reused.json).toEqual({ code: 422, reason: 'Unprocessable Entity', message: 'Idempotency-Key was already used for a different request' });
      const malformed = await createInitialToken({}, { ...headers, 'Idempotency-Key': 'x' });
      expect(malformed.status).toBe(400);
      expect(malformed.json).toMatchObject({ code: 400, message: 'Idempotency-Key: 16 to 255 visible ASCII characters (send a UUID)' });
      expect(await count()).toBe(before + 1);
    });

    it('is for amadmin only, and answers CREST 400 for a bad body', async () => {
      const anonymous = await createInitialToken({}, {});
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toMatchObject({ code: 401, reason: 'Unauthorized' });
      const bad = await createInitialToken({ expiresIn: -5 });
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({ code: 400, reason: 'Bad Request', message: 'Invalid attribute specified: expiresIn must be a whole number of seconds, 1 or more' });
    });
  });

  describe('the DCR script', () => {
    it('answers 500 server_error when the script throws, and the agent does not exist afterwards', async () => {
      const script = await http(json('scripts?_action=create'), {
        method: 'POST',
        headers: { ...adminHeaders('resource=1.1'), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: 'Throwing DCR script',
          script: Buffer.from('if (operation === "CREATE") { throw new Error("no agents today"); }').toString('base64'),
          language: 'JAVASCRIPT',
          context: 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION',
        }),
      });
      expect(script.status).toBe(201);
      await putProvider({ ...DEMO_PROVIDER, clientDynamicRegistrationConfig: { ...DEMO_PROVIDER.clientDynamicRegistrationConfig, dynamicClientRegistrationScript: 'Throwing DCR script' } });
      try {
        const before = await agentCount();
        const res = await register('aiagent/register', SEED_BODY);
        expect(res.status).toBe(500);
        expect(res.json).toEqual({ error: 'server_error', error_description: 'Error running dynamic client registration script' });
        expect(await agentCount()).toBe(before);
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
    });

    it('answers an administrator’s retried create with the same Idempotency-Key with the first script, and the key with another body CREST 422 (issue 25)', async () => {
      const body = {
        name: 'Retried DCR script',
        script: Buffer.from('/* no changes */').toString('base64'),
        language: 'JAVASCRIPT',
        context: 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION',
      };
      const create = (value: unknown, key?: string) =>
        http(json('scripts?_action=create'), {
          method: 'POST',
          headers: { ...adminHeaders('resource=1.1'), 'Content-Type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
          body: JSON.stringify(value),
        });
      const named = async () =>
        ((await http(json(`scripts?_queryFilter=${encodeURIComponent('name eq "Retried DCR script"')}`), { headers: adminHeaders('resource=1.1') })).json as { resultCount: number }).resultCount;
      const first = await create(body, '"c0b5e3a2-1f4d-4e8b-9a6c-7d2e5f8a1b39"');
      expect(first.status).toBe(201);
      const again = await create(body, 'c0b5e3a2-1f4d-4e8b-9a6c-7d2e5f8a1b39');
      expect(again.status).toBe(201);
      expect(again.json).toEqual(first.json);
      expect(await named()).toBe(1);
      // Without the key, the same create is a new request and meets the name taken.
      expect((await create(body)).status).toBe(409);
      const reused = await create({ ...body, description: 'another' }, 'c0b5e3a2-1f4d-4e8b-9a6c-7d2e5f8a1b39');
      expect(reused.status).toBe(422);
      expect(reused.json).toEqual({ code: 422, reason: 'Unprocessable Entity', message: 'Idempotency-Key was already used for a different request' });
      const malformed = await create(body, 'x');
      expect(malformed.status).toBe(400);
      expect(malformed.json).toMatchObject({ code: 400, message: 'Idempotency-Key: 16 to 255 visible ASCII characters (send a UUID)' });
      expect(await named()).toBe(1);
    });
  });

  describe('a registration retried with an Idempotency-Key (issue 25 item 1)', () => {
    const KEY = 'b5e8a3f4-2c6d-4e1f-9a7b-3d5c8e0f1a2b';

    it('answers the retry with the first answer: one agent, and its secret works', async () => {
      const before = await agentCount();
      const first = await register('aiagent/register', SEED_BODY, { 'Idempotency-Key': `"${KEY}"` });
      expect(first.status).toBe(201);
      const again = await register('aiagent/register', SEED_BODY, { 'Idempotency-Key': KEY });
      expect(again.status).toBe(201);
      expect(again.headers.get('cache-control')).toBe('no-store');
      expect(again.json).toEqual(first.json);
      expect(await agentCount()).toBe(before + 1);

      const { client_id, client_secret } = again.json as { client_id: string; client_secret: string };
      const token = await http(`${issuer()}/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}` },
        body: 'grant_type=client_credentials&scope=read',
      });
      expect(token.status).toBe(200);
    });

    it('refuses the key with another body (422) and a malformed key (400), in OAuth form, registering nothing', async () => {
      const before = await agentCount();
      const reused = await register('aiagent/register', { ...SEED_BODY, client_name: 'other agent' }, { 'Idempotency-Key': KEY });
      expect(reused.status).toBe(422);
      expect(reused.json).toEqual({ error: 'invalid_request', error_description: 'Idempotency-Key was already used for a different request' });
      const malformed = await register('aiagent/register', SEED_BODY, { 'Idempotency-Key': 'short' });
      expect(malformed.status).toBe(400);
      expect(malformed.json).toEqual({ error: 'invalid_request', error_description: 'Idempotency-Key: 16 to 255 visible ASCII characters (send a UUID)' });
      expect(await agentCount()).toBe(before);
    });
  });

  describe('a relying party library', () => {
    it('finds registration_endpoint in the discovery document', async () => {
      const res = await http(`${issuer()}/.well-known/openid-configuration`);
      expect((res.json as { registration_endpoint: string }).registration_endpoint).toBe(`${issuer()}/register`);
    });

    it('registers with openid-client’s dynamicClientRegistration against our discovery document', async () => {
      // openid-client is ESM-only; Jest's CommonJS transform cannot load it, so it runs in a child Node process.
      const program = `
        import * as client from 'openid-client';
        const config = await client.dynamicClientRegistration(
          new URL(process.env.ISSUER),
          { redirect_uris: ['http://127.0.0.1:8123/cb'], client_name: 'openid-client rp', token_endpoint_auth_method: 'client_secret_basic' },
          undefined,
          { execute: [client.allowInsecureRequests] },
        );
        process.stdout.write(JSON.stringify({ server: config.serverMetadata().issuer, client: config.clientMetadata() }));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', program], { cwd: workspaceRoot(), env: { ...process.env, ISSUER: issuer() } });
      const { server, client } = JSON.parse(stdout) as { server: string; client: Record<string, unknown> };
      expect(server).toBe(issuer());
      expect(client).toMatchObject({
        client_id: expect.stringMatching(UUID),
        client_secret: expect.stringMatching(TOKEN),
        client_name: 'openid-client rp',
        redirect_uris: ['http://127.0.0.1:8123/cb'],
        token_endpoint_auth_method: 'client_secret_basic',
        registration_client_uri: `${issuer()}/register?client_id=${client['client_id']}`,
      });
    });
  });
});
