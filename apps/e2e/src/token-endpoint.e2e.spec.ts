import { type Infra, type MandateStack, type WireResponse, http, natsRequest } from '@mandate/testing';
import { ALPHA, CALLBACK, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

// Issue 5: the token endpoint's grants, token formats and revocation, black-box through the
// gateway in the distributed mode, with config/demo.json imported (seed clients and agents).

const OPAQUE = /^[A-Za-z0-9_-]{27}$/;
/** A signed JWT: digital-assistant-web-app issues client-side tokens, as AIC applications do (seed 003). */
const JWT = /^eyJ0eXAiOi[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

describe('the token endpoint through the gateway (distributed)', () => {
  let demo: DemoStack | undefined;
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  const oauth2 = (path: string) => `${stack!.baseUrl}/oauth2${ALPHA}/${path}`;
  const form = formPost;
  const token = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => http(oauth2('access_token'), form(fields, headers));
  const revoke = (fields: Record<string, string>, headers: Record<string, string> = {}) => http(oauth2('token/revoke'), form(fields, headers));
  const resolve = async (value: string) => (await natsRequest<{ active: boolean; claims?: Record<string, unknown> }>(infra!.nats!, 'token.resolve', { realm: '/alpha', token: value })).response;
  const basic = basicAuth;
  const body = (res: WireResponse) => res.json as Record<string, unknown>;
  const expectNoStore = (res: WireResponse) => {
    for (const [k, v] of Object.entries(NO_STORE)) expect(res.headers.get(k)).toBe(v);
  };
  const putClient = (id: string, config: Record<string, unknown>) => demo!.putClient(id, config);

  beforeAll(async () => {
    demo = await startDemoStack();
    ({ infra, stack } = demo);
    await putClient('public-app', {
      coreOAuth2ClientConfig: { clientType: 'Public', scopes: ['read'], redirectionUris: ['https://app.example.com/cb'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', 'authorization_code'], tokenEndpointAuthMethod: 'none' },
    });
    await putClient('rotating-app', {
      coreOAuth2ClientConfig: { userpassword: 'rotating-secret', clientType: 'Confidential', scopes: ['read', 'write'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', 'refresh_token'] },
    });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  describe('client_credentials (seed 000 step 4, seed 001)', () => {
    it('answers seed 000’s client-credentials call in AM’s exact shape, with an opaque token', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' });
      expect(res.status).toBe(200);
      expectNoStore(res);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(body(res))).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
      expect(res.json).toEqual({ access_token: expect.stringMatching(OPAQUE), scope: 'read', token_type: 'Bearer', expires_in: 3599 });
    });

    it('accepts HTTP Basic for the same client (either method, contract §2)', async () => {
      const res = await token({ grant_type: 'client_credentials', scope: 'read write' }, basic('hr-agent', 'mySecret'));
      expect(res.status).toBe(200);
      expect(body(res).scope).toBe('read write');
    });

    it('stamps may_act from the client’s legacy may-act script into the token (seed 001)', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'data-agent', client_secret: 'mySecret', scope: 'read' });
      expect(res.status).toBe(200);
      const resolved = await resolve(body(res).access_token as string);
      expect(resolved).toEqual({
        active: true,
        format: 'opaque',
        claims: expect.objectContaining({
          sub: 'data-agent',
          subname: 'data-agent',
          client_id: 'data-agent',
          aud: 'data-agent',
          scope: ['read'],
          grant_type: 'client_credentials',
          realm: '/alpha',
          iss: `${stack!.baseUrl}/oauth2${ALPHA}`,
          may_act: { client_id: 'risk-agent', sub: '(age!risk-agent)' },
        }),
      });
      expect(resolved?.claims).not.toHaveProperty('auth_level');
    });

    it('issues an RFC 9068 JWT access token to a client with client-side tokens, verifiable at jwk_uri like a resource server would', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret', scope: 'read-data' });
      expect(res.status).toBe(200);
      const jwt = body(res).access_token as string;
      expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'at+jwt', alg: 'RS256', kid: expect.any(String) });
      const jwks = createRemoteJWKSet(new URL(oauth2('connect/jwk_uri')));
      const { payload } = await jwtVerify(jwt, jwks, { issuer: `${stack!.baseUrl}/oauth2${ALPHA}`, typ: 'at+jwt' });
      expect(payload).toEqual({
        sub: 'digital-assistant-ai-agent',
        subname: 'digital-assistant-ai-agent',
        cts: 'OAUTH2_STATELESS_GRANT',
        iss: `${stack!.baseUrl}/oauth2${ALPHA}`,
        tokenName: 'access_token',
        token_type: 'Bearer',
        authGrantId: expect.stringMatching(OPAQUE),
        auditTrackingId: expect.stringMatching(/^[0-9a-f-]{36}-\d+$/),
        client_id: 'digital-assistant-ai-agent',
        aud: 'digital-assistant-ai-agent',
        nbf: payload.iat,
        grant_type: 'client_credentials',
        // RFC 9068 §2.2.3: one space-separated string.
        scope: 'read-data',
        realm: '/alpha',
        exp: (payload.iat as number) + 3600,
        iat: expect.any(Number),
        expires_in: 3600,
        jti: expect.stringMatching(OPAQUE),
      });
      // The server keeps AM's array, which introspection and tokeninfo answer.
      expect(await resolve(jwt)).toEqual({ active: true, format: 'jwt', claims: { ...payload, scope: ['read-data'] } });
    });

    it('refuses a public client (am-spec §4.5)', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'public-app', scope: 'read' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'unauthorized_client', error_description: "Public clients can't use client credentials grant." });
    });
  });

  describe('client authentication and request errors', () => {
    it('answers a wrong secret with 401 invalid_client', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'wrong' });
      expect(res.status).toBe(401);
      expectNoStore(res);
      expect(res.json).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
      expect(res.headers.get('www-authenticate')).toBeNull();
    });

    it('adds WWW-Authenticate when the client tried HTTP Basic (RFC 6749 §5.2)', async () => {
      const res = await token({ grant_type: 'client_credentials' }, basic('hr-agent', 'wrong'));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
    });

    it('refuses a client’s old secret at once after an administrator changes it', async () => {
      const cc = (secret: string) => token({ grant_type: 'client_credentials', client_id: 'secret-change-app', client_secret: secret, scope: 'read' });
      const config = (secret: string) => ({
        coreOAuth2ClientConfig: { userpassword: secret, clientType: 'Confidential', scopes: ['read'] },
        advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
      });
      await putClient('secret-change-app', config('first-secret'));
      expect((await cc('first-secret')).status).toBe(200);
      expect((await cc('first-secret')).status).toBe(200);
      await putClient('secret-change-app', config('second-secret'));
      // The change event reaches token-service within a second (issue 4 item 6).
      let old = await cc('first-secret');
      for (let i = 0; i < 20 && old.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        old = await cc('first-secret');
      }
      expect(old.status).toBe(401);
      expect((await cc('second-secret')).status).toBe(200);
    });

    it('answers an unknown client and a request without any client with invalid_client', async () => {
      expect((await token({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' })).status).toBe(401);
      const none = await token({ grant_type: 'client_credentials' });
      expect(none.status).toBe(401);
      expect(body(none).error).toBe('invalid_client');
    });

    it('names a grant the client does not list as unauthorized_client', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-client', client_secret: 'mySecret' });
      expect(res.status).toBe(400);
      expect(body(res).error).toBe('unauthorized_client');
    });

    it('answers an unknown grant type with unsupported_grant_type', async () => {
      const res = await token({ grant_type: 'urn:example:magic', client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'unsupported_grant_type', error_description: 'Grant type is not supported: urn:example:magic' });
    });

    it('lists missing parameters in AM’s words', async () => {
      expect((await token({ client_id: 'hr-agent', client_secret: 'mySecret' })).json).toEqual({ error: 'invalid_request', error_description: 'Missing parameters: grant_type' });
      expect((await token({ grant_type: 'password', client_id: 'digital-assistant-web-app', client_secret: 'mySecret' })).json).toEqual({
        error: 'invalid_request',
        error_description: 'Missing parameters: username password',
      });
    });

    it('refuses a repeated parameter (RFC 6749 §3.2)', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: ['read', 'write'] });
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Duplicate parameter: scope' });
    });

    it('refuses anything but a form body with "Invalid Content Type"', async () => {
      const res = await http(oauth2('access_token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret' }),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Invalid Content Type' });
    });

    it('answers a GET with 405 and Allow: POST in OAuth form (RFC 6749 §3.2)', async () => {
      const res = await http(oauth2('access_token'));
      expect({ status: res.status, allow: res.headers.get('allow'), cache: res.headers.get('cache-control'), body: res.json }).toEqual({
        status: 405,
        allow: 'POST',
        cache: 'no-store',
        body: { error: 'invalid_request', error_description: 'This endpoint accepts only POST' },
      });
    });

    it('names the scopes outside the client’s allowed ones (am-spec §4.2)', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read admin' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_scope', error_description: 'Unknown/invalid scope(s): [admin]' });
    });

    it('refuses a request without scope when no default scope is configured', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(res.json).toEqual({ error: 'invalid_scope', error_description: 'No scope requested and no default scope configured' });
    });
  });

  describe('refresh tokens only for a client that holds the refresh_token grant (AM 6.5.1)', () => {
    beforeAll(async () => {
      await putClient('no-refresh-app', {
        coreOAuth2ClientConfig: { userpassword: 'no-refresh-secret', clientType: 'Confidential', scopes: ['openid', 'read'], redirectionUris: [CALLBACK] },
        advancedOAuth2ClientConfig: { grantTypes: ['password', 'authorization_code'], tokenEndpointAuthMethod: 'client_secret_post' },
      });
    });

    it('issues no refresh token to a password client without the refresh_token grant', async () => {
      const res = await token({ grant_type: 'password', client_id: 'no-refresh-app', client_secret: 'no-refresh-secret', username: 'bjensen', password: 'Ch4ng31t', scope: 'openid' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.stringMatching(OPAQUE), scope: 'openid', token_type: 'Bearer', expires_in: 3599 });
    });

    it('issues no refresh token for an authorization code redeemed by a client without the refresh_token grant', async () => {
      const login = await http(`${stack!.baseUrl}/json${ALPHA}/authenticate`, {
        method: 'POST',
        headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
      });
      const userToken = (login.json as { tokenId: string }).tokenId;
      const authorize = await http(
        oauth2('authorize'),
        formPost({ scope: 'read', response_type: 'code', client_id: 'no-refresh-app', csrf: userToken, redirect_uri: CALLBACK, decision: 'allow' }, { Cookie: `iPlanetDirectoryPro=${userToken}` }),
      );
      expect(authorize.status).toBe(302);
      const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
      const res = await token({ grant_type: 'authorization_code', client_id: 'no-refresh-app', client_secret: 'no-refresh-secret', code, redirect_uri: CALLBACK });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.stringMatching(OPAQUE), scope: 'read', token_type: 'Bearer', expires_in: 3599 });
    });

    it('issues no refresh token, even to a client holding the grant, while the provider does not list refresh_token', async () => {
      const putProvider = async (grantTypes: string[]) => {
        const res = await http(`${stack!.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, {
          method: 'PUT',
          headers: { iPlanetDirectoryPro: demo!.admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=1.0,resource=1.0' },
          // config/demo.json's provider, its grant types aside.
          body: JSON.stringify({ advancedOAuth2Config: { grantTypes }, clientDynamicRegistrationConfig: { allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' } }),
        });
        expect(res.status).toBe(200);
      };
      const password = () => token({ grant_type: 'password', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', username: 'bjensen', password: 'Ch4ng31t', scope: 'openid' });
      await putProvider(['authorization_code', 'client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:token-exchange']);
      try {
        const res = await password();
        expect(res.status).toBe(200);
        expect(Object.keys(body(res))).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
      } finally {
        await putProvider(['authorization_code', 'client_credentials', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange']);
      }
      expect(Object.keys(body(await password()))).toEqual(['access_token', 'refresh_token', 'scope', 'token_type', 'expires_in']);
    });
  });

  describe('password (seed 003) and refresh_token', () => {
    const password = () =>
      token({ grant_type: 'password', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', username: 'bjensen', password: 'Ch4ng31t', scope: 'openid read-data' });

    it('issues user tokens with a refresh token for a client that lists password', async () => {
      const res = await password();
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        access_token: expect.stringMatching(JWT),
        refresh_token: expect.stringMatching(JWT),
        scope: 'openid read-data',
        token_type: 'Bearer',
        expires_in: 3599,
      });
      const resolved = await resolve(body(res).access_token as string);
      expect(resolved?.claims).toEqual(expect.objectContaining({ grant_type: 'password', auth_level: 0, client_id: 'digital-assistant-web-app' }));
      expect(resolved?.claims?.sub).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers a wrong password with invalid_grant', async () => {
      const res = await token({ grant_type: 'password', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', username: 'bjensen', password: 'nope', scope: 'openid' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'The provided access grant is invalid, expired, or revoked.' });
    });

    it('rotates refresh tokens, narrows scope, and revokes the family when a rotated token comes back', async () => {
      const first = body(await password());
      const refreshed = await token({ grant_type: 'refresh_token', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', refresh_token: first.refresh_token as string, scope: 'read-data' });
      expect(refreshed.status).toBe(200);
      const second = body(refreshed);
      expect(second).toEqual({ access_token: expect.stringMatching(JWT), refresh_token: expect.stringMatching(JWT), scope: 'read-data', token_type: 'Bearer', expires_in: 3599 });
      expect((await resolve(first.refresh_token as string))?.active).toBe(false);
      expect((await resolve(second.access_token as string))?.claims?.authGrantId).toBe((await resolve(first.access_token as string))?.claims?.authGrantId);

      const replay = await token(
        { grant_type: 'refresh_token', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', refresh_token: first.refresh_token as string },
        { 'x-correlation-id': 'refresh-replay-42' },
      );
      expect(replay.json).toEqual({ error: 'invalid_grant', error_description: 'The provided access grant is invalid, expired, or revoked.' });
      // The warning is logged by token-service, one NATS hop away, under the caller's correlation id.
      const tokenService = stack!.services.get('token-service')!;
      for (let i = 0; i < 20 && !tokenService.output.includes('"correlationId":"refresh-replay-42"'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(tokenService.output.toString()).toMatch(/"correlationId":"refresh-replay-42"[^\n]*rotated refresh token reused|rotated refresh token reused[^\n]*"correlationId":"refresh-replay-42"/);
      for (const value of [first.access_token, second.access_token, second.refresh_token]) expect((await resolve(value as string))?.active).toBe(false);
    });

    it('refuses to widen the scope on refresh', async () => {
      const first = body(await password());
      const res = await token({ grant_type: 'refresh_token', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', refresh_token: first.refresh_token as string, scope: 'admin-action' });
      expect(res.status).toBe(400);
      expect(body(res).error).toBe('invalid_scope');
    });

    it('refuses another client’s refresh token', async () => {
      const first = body(await password());
      const res = await token({ grant_type: 'refresh_token', client_id: 'rotating-app', client_secret: 'rotating-secret', refresh_token: first.refresh_token as string });
      expect(body(res).error).toBe('invalid_grant');
    });
  });

  describe('revocation (RFC 7009)', () => {
    const cc = async () => body(await token({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' })).access_token as string;

    it('revokes an opaque access token and answers {}', async () => {
      const value = await cc();
      const res = await revoke({ token: value, client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({});
      expectNoStore(res);
      expect(await resolve(value)).toEqual({ active: false });
    });

    it('puts a revoked JWT on the denylist', async () => {
      const jwt = body(await token({ grant_type: 'client_credentials', client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret', scope: 'read-data' })).access_token as string;
      expect((await resolve(jwt))?.active).toBe(true);
      expect((await revoke({ token: jwt, client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect(await resolve(jwt)).toEqual({ active: false });
    });

    it('revokes the whole grant with a refresh token', async () => {
      const user = body(
        await token({ grant_type: 'password', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', username: 'bjensen', password: 'Ch4ng31t', scope: 'openid' }),
      );
      expect((await revoke({ token: user.refresh_token as string, token_type_hint: 'refresh_token' }, basic('digital-assistant-web-app', 'mySecret'))).status).toBe(200);
      expect(await resolve(user.access_token as string)).toEqual({ active: false });
    });

    it('answers 200 for another client’s token and leaves it alone', async () => {
      const value = await cc();
      const res = await revoke({ token: value, client_id: 'rotating-app', client_secret: 'rotating-secret' });
      expect(res.status).toBe(200);
      expect((await resolve(value))?.active).toBe(true);
    });

    it('answers 200 for an unknown token, 401 without client authentication', async () => {
      expect((await revoke({ token: 'not-a-token', client_id: 'hr-agent', client_secret: 'mySecret' })).status).toBe(200);
      const anonymous = await revoke({ token: 'x' });
      expect(anonymous.status).toBe(401);
      expect(body(anonymous).error).toBe('invalid_client');
    });
  });
});
