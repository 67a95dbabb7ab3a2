import { type Infra, type MandateStack, type WireResponse, http, natsRequest } from '@mandate/testing';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 5 item 6: RFC 7662 introspection and AM's legacy tokeninfo, black-box through the
// gateway in the distributed mode, with config/demo.json imported (seed clients and agents).

const OPAQUE = /^[A-Za-z0-9_-]{27}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const INACTIVE = { active: false };
const NOT_VALID = { error: 'invalid_request', error_description: 'Access Token not valid' };
/** am-spec §7.3: the keys of an active answer, in AM's order (optional ones where they belong). */
const INTROSPECTION_KEYS = ['active', 'scope', 'realm', 'client_id', 'user_id', 'username', 'token_type', 'exp', 'sub', 'iss', 'subname', 'auth_level', 'authGrantId', 'act', 'may_act', 'auditTrackingId', 'expires_in'];

type Claims = Record<string, unknown> & { exp: number; authGrantId: string; auditTrackingId: string };

describe('introspection and tokeninfo through the gateway (distributed)', () => {
  let demo: DemoStack | undefined;
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  const iss = () => `${stack!.baseUrl}/oauth2${ALPHA}`;
  const oauth2 = (path: string) => `${stack!.baseUrl}/oauth2${ALPHA}/${path}`;
  const form = formPost;
  const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => http(oauth2(path), form(fields, headers));
  const introspect = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => post('introspect', fields, headers);
  /** Seed 004: `curl -G --request GET .../tokeninfo --data-urlencode 'access_token=…'`. */
  const tokeninfoByQuery = (value: string) => http(`${oauth2('tokeninfo')}?${new URLSearchParams({ access_token: value })}`);
  const tokeninfoByHeader = (value: string) => http(oauth2('tokeninfo'), { headers: { Authorization: `Bearer ${value}` } });
  const basic = basicAuth;
  const body = (res: WireResponse) => res.json as Record<string, unknown>;
  const claimsOf = async (value: string) => (await natsRequest<{ active: boolean; claims: Claims }>(infra!.nats!, 'token.resolve', { realm: '/alpha', token: value })).response!.claims;
  const expectNoStore = (res: WireResponse) => {
    for (const [k, v] of Object.entries(NO_STORE)) expect(res.headers.get(k)).toBe(v);
  };
  /** Keys in AM's order: the answer's keys are a subsequence of INTROSPECTION_KEYS. */
  const expectAmOrder = (res: WireResponse) => expect(Object.keys(body(res))).toEqual(INTROSPECTION_KEYS.filter((k) => k in body(res)));

  const clientCredentials = async (clientId: string, scope: string) => {
    const res = await post('access_token', { grant_type: 'client_credentials', client_id: clientId, client_secret: 'mySecret', scope });
    expect(res.status).toBe(200);
    return body(res).access_token as string;
  };
  /** Seed 003 step 2: the web app's password grant for bjensen. */
  const userTokens = async (scope = 'openid') => {
    const res = await post('access_token', { grant_type: 'password', username: 'bjensen', password: 'Ch4ng31t', client_id: 'digital-assistant-web-app', client_secret: 'mySecret', scope });
    expect(res.status).toBe(200);
    return body(res) as { access_token: string; refresh_token: string };
  };
  const putClient = (id: string, config: Record<string, unknown>) => demo!.putClient(id, config);

  beforeAll(async () => {
    demo = await startDemoStack();
    ({ infra, stack } = demo);
    await putClient('resource-server', {
      coreOAuth2ClientConfig: { userpassword: 'rs-secret', clientType: 'Confidential', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  describe('POST introspect (RFC 7662, am-spec §7)', () => {
    it('answers the issuing client about its opaque client-credentials token in AM’s exact shape', async () => {
      const value = await clientCredentials('hr-agent', 'read write');
      const claims = await claimsOf(value);
      const res = await introspect({ token: value, client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(res.status).toBe(200);
      expectNoStore(res);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.json).toEqual({
        active: true,
        scope: 'read write',
        realm: '/alpha',
        client_id: 'hr-agent',
        user_id: 'hr-agent',
        username: 'hr-agent',
        token_type: 'Bearer',
        exp: claims.exp,
        sub: 'hr-agent',
        iss: iss(),
        subname: 'hr-agent',
        authGrantId: expect.stringMatching(OPAQUE),
        auditTrackingId: claims.auditTrackingId,
        expires_in: expect.any(Number),
      });
      expect(body(res).authGrantId).toBe(claims.authGrantId);
      expect(body(res).expires_in).toBeGreaterThanOrEqual(3590);
      expect(body(res).expires_in).toBeLessThanOrEqual(3600);
      expectAmOrder(res);
    });

    it('introspects a signed JWT for its own client over HTTP Basic, without aud, nbf, iat or jti', async () => {
      const jwt = await clientCredentials('digital-assistant-ai-agent', 'read-data');
      expect(jwt.startsWith('eyJ0eXAiOi')).toBe(true);
      const claims = await claimsOf(jwt);
      const res = await introspect({ token: jwt }, basic('digital-assistant-ai-agent', 'mySecret'));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        active: true,
        scope: 'read-data',
        realm: '/alpha',
        client_id: 'digital-assistant-ai-agent',
        user_id: 'digital-assistant-ai-agent',
        username: 'digital-assistant-ai-agent',
        token_type: 'Bearer',
        exp: claims.exp,
        sub: 'digital-assistant-ai-agent',
        iss: iss(),
        subname: 'digital-assistant-ai-agent',
        authGrantId: claims.authGrantId,
        auditTrackingId: claims.auditTrackingId,
        expires_in: expect.any(Number),
      });
      expectAmOrder(res);
    });

    it('answers seed 003’s introspection of the end user’s token: sub is the user, auth_level present', async () => {
      const { access_token } = await userTokens('openid');
      const claims = await claimsOf(access_token);
      // Seed 003: --data-urlencode token=… client_id=… client_secret=… in the form body.
      const res = await introspect({ token: access_token, client_id: 'digital-assistant-web-app', client_secret: 'mySecret' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        active: true,
        scope: 'openid',
        realm: '/alpha',
        client_id: 'digital-assistant-web-app',
        user_id: expect.stringMatching(UUID),
        username: claims.sub,
        token_type: 'Bearer',
        exp: claims.exp,
        sub: claims.sub,
        iss: iss(),
        subname: claims.sub,
        auth_level: 0,
        authGrantId: claims.authGrantId,
        auditTrackingId: claims.auditTrackingId,
        expires_in: expect.any(Number),
      });
      expect(body(res).user_id).toBe(claims.sub);
      expectAmOrder(res);
    });

    it('introspects a refresh token with token_type refresh_token', async () => {
      const { refresh_token } = await userTokens('openid read-data');
      const res = await introspect({ token: refresh_token, token_type_hint: 'refresh_token' }, basic('digital-assistant-web-app', 'mySecret'));
      expect(res.status).toBe(200);
      expect(body(res)).toEqual(expect.objectContaining({ active: true, scope: 'openid read-data', client_id: 'digital-assistant-web-app', token_type: 'refresh_token' }));
      expect(body(res).expires_in).toBeGreaterThan(3600);
    });

    it('shows may_act stamped by data-agent’s legacy may-act script (seed 001)', async () => {
      const value = await clientCredentials('data-agent', 'read');
      const res = await introspect({ token: value, client_id: 'data-agent', client_secret: 'mySecret' });
      expect(res.status).toBe(200);
      expect(body(res).may_act).toEqual({ client_id: 'risk-agent', sub: '(age!risk-agent)' });
      expect(body(res)).not.toHaveProperty('act');
      expectAmOrder(res);
    });

    it('answers {"active": false} to a client that neither owns the token nor is in its audience', async () => {
      const value = await clientCredentials('hr-agent', 'read');
      const res = await introspect({ token: value, client_id: 'data-agent', client_secret: 'mySecret' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual(INACTIVE);
      expectNoStore(res);
    });

    it('lets a client holding am-introspect-all-tokens introspect any token of the realm', async () => {
      const value = await clientCredentials('hr-agent', 'read');
      const res = await introspect({ token: value, client_id: 'resource-server', client_secret: 'rs-secret' });
      expect(res.status).toBe(200);
      expect(body(res)).toEqual(expect.objectContaining({ active: true, client_id: 'hr-agent', sub: 'hr-agent', scope: 'read' }));
      const user = await userTokens();
      expect(body(await introspect({ token: user.access_token }, basic('resource-server', 'rs-secret'))).active).toBe(true);
    });

    it('lets an audience member introspect an exchanged token (seed 003 task 4.2)', async () => {
      const user = await userTokens('openid read-data');
      const exchange = await post('access_token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: user.access_token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        client_id: 'digital-assistant-ai-agent',
        client_secret: 'mySecret',
        audience: 'digital-assistant-web-app',
        scope: 'read-data',
      });
      expect(exchange.status).toBe(200);
      const exchanged = body(exchange).access_token as string;
      const claims = await claimsOf(exchanged);
      expect(claims.aud).toEqual(expect.arrayContaining(['digital-assistant-web-app']));
      // The web app is not the token's client but is in its audience.
      const byAudience = await introspect({ token: exchanged, client_id: 'digital-assistant-web-app', client_secret: 'mySecret' });
      expect(body(byAudience)).toEqual(expect.objectContaining({ active: true, client_id: 'digital-assistant-ai-agent', sub: claims.sub, act: { sub: 'digital-assistant-ai-agent' } }));
      expect(byAudience.json).not.toHaveProperty('aud');
      expectAmOrder(byAudience);
      // Seed 003: the agent introspects its own token.
      const byAgent = await introspect({ token: exchanged, client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret' });
      expect(byAgent.json).toEqual({ ...body(byAudience), expires_in: expect.any(Number) });
    });

    it('answers {"active": false} for revoked tokens, opaque and JWT (contract §3.10)', async () => {
      const opaque = await clientCredentials('hr-agent', 'read');
      const jwt = await clientCredentials('digital-assistant-ai-agent', 'read-data');
      expect(body(await introspect({ token: opaque, client_id: 'hr-agent', client_secret: 'mySecret' })).active).toBe(true);
      expect((await post('token/revoke', { token: opaque, client_id: 'hr-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect((await post('token/revoke', { token: jwt, client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect((await introspect({ token: opaque, client_id: 'hr-agent', client_secret: 'mySecret' })).json).toEqual(INACTIVE);
      expect((await introspect({ token: jwt, client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret' })).json).toEqual(INACTIVE);
      // Even the all-tokens client learns nothing about a revoked token.
      expect((await introspect({ token: jwt, client_id: 'resource-server', client_secret: 'rs-secret' })).json).toEqual(INACTIVE);
    });

    it('answers {"active": false} for an unknown or malformed token', async () => {
      for (const token of ['nAn6REdGvAthrKK6EhMo_eT2Rzw', 'eyJ0eXAiOi.forged.token', 'x'.repeat(20000)]) {
        const res = await introspect({ token, client_id: 'hr-agent', client_secret: 'mySecret' });
        expect(res.status).toBe(200);
        expect(res.json).toEqual(INACTIVE);
      }
    });

    it('answers a wrong secret with 401 invalid_client, and no client at all too', async () => {
      const value = await clientCredentials('hr-agent', 'read');
      const wrong = await introspect({ token: value, client_id: 'hr-agent', client_secret: 'wrong' });
      expect(wrong.status).toBe(401);
      expectNoStore(wrong);
      expect(wrong.json).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
      const basicWrong = await introspect({ token: value }, basic('hr-agent', 'wrong'));
      expect(basicWrong.status).toBe(401);
      expect(basicWrong.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
      const anonymous = await introspect({ token: value });
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
    });

    it('names a missing token in AM’s words, a repeated one as a duplicate', async () => {
      const missing = await introspect({ client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(missing.status).toBe(400);
      expectNoStore(missing);
      expect(missing.json).toEqual({ error: 'invalid_request', error_description: 'Missing parameters: token' });
      const twice = await introspect({ token: ['a', 'b'], client_id: 'hr-agent', client_secret: 'mySecret' });
      expect(twice.json).toEqual({ error: 'invalid_request', error_description: 'Duplicate parameter: token' });
    });

    it('takes a form body only (am-spec §7.1)', async () => {
      const value = await clientCredentials('hr-agent', 'read');
      const json = await http(oauth2('introspect'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: value, client_id: 'hr-agent', client_secret: 'mySecret' }),
      });
      expect(json.status).toBe(400);
      expect(json.json).toEqual({ error: 'invalid_request', error_description: 'Invalid Content Type' });
    });
  });

  describe('GET tokeninfo (am-spec §8, seed 004)', () => {
    it('answers seed 004’s query-parameter call with the claims, the token, scope keys and a fresh expires_in', async () => {
      const jwt = await clientCredentials('digital-assistant-ai-agent', 'read-data');
      const claims = await claimsOf(jwt);
      const res = await tokeninfoByQuery(jwt);
      expect(res.status).toBe(200);
      expectNoStore(res);
      expect(res.json).toEqual({ ...claims, access_token: jwt, expires_in: expect.any(Number), 'read-data': '' });
      expect(Object.keys(body(res))).toEqual([
        'sub',
        'cts',
        'auditTrackingId',
        'subname',
        'iss',
        'tokenName',
        'token_type',
        'authGrantId',
        'client_id',
        'access_token',
        'aud',
        'nbf',
        'grant_type',
        'scope',
        'realm',
        'exp',
        'iat',
        'expires_in',
        'jti',
        'read-data',
      ]);
      expect(body(res).scope).toEqual(['read-data']);
      expect(body(res).aud).toBe('digital-assistant-ai-agent');
      expect(body(res).expires_in).toBeLessThanOrEqual(3600);
      expect(body(res).expires_in).toBeGreaterThanOrEqual(3590);
    });

    it('reads the token from an Authorization: Bearer header, opaque tokens too, every scope as a key', async () => {
      const value = await clientCredentials('hr-agent', 'read write');
      const res = await tokeninfoByHeader(value);
      expect(res.status).toBe(200);
      expect(body(res)).toEqual(
        expect.objectContaining({ sub: 'hr-agent', client_id: 'hr-agent', access_token: value, aud: 'hr-agent', scope: ['read', 'write'], read: '', write: '', realm: '/alpha', iss: iss() }),
      );
    });

    it('shows a user token’s claims with auth_level', async () => {
      const { access_token } = await userTokens('openid read-data');
      const res = await tokeninfoByQuery(access_token);
      expect(res.status).toBe(200);
      expect(body(res)).toEqual(expect.objectContaining({ sub: expect.stringMatching(UUID), auth_level: 0, grant_type: 'password', scope: ['openid', 'read-data'], openid: '', 'read-data': '' }));
    });

    it('answers a revoked token with 400 "Access Token not valid"', async () => {
      const jwt = await clientCredentials('digital-assistant-ai-agent', 'read-data');
      expect((await tokeninfoByQuery(jwt)).status).toBe(200);
      await post('token/revoke', { token: jwt, client_id: 'digital-assistant-ai-agent', client_secret: 'mySecret' });
      const res = await tokeninfoByQuery(jwt);
      expect(res.status).toBe(400);
      expectNoStore(res);
      expect(res.json).toEqual(NOT_VALID);
    });

    it('answers garbage, a missing token and a refresh token with 400 "Access Token not valid"', async () => {
      const { refresh_token } = await userTokens();
      for (const res of [await tokeninfoByQuery('garbage'), await tokeninfoByHeader('eyJ0eXAiOi.forged.token'), await http(oauth2('tokeninfo')), await tokeninfoByQuery(refresh_token)]) {
        expect(res.status).toBe(400);
        expect(res.json).toEqual(NOT_VALID);
      }
    });
  });
});
