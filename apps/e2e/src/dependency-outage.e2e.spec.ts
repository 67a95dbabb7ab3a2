import { http } from '@mandate/testing';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 25 §3: a dependency outage (here Postgres going away under every service) is a 503 with
// Retry-After on every endpoint, in the endpoint's own error shape, never a 500; then recovery.
describe('a Postgres outage (distributed)', () => {
  let demo: DemoStack;

  beforeAll(async () => {
    demo = await startDemoStack({ RPC_TIMEOUT_MS: '2000' });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  const token = () => http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }));
  const revoke = (t: string) => http(demo.oauth2('token/revoke'), formPost({ token: t }, basicAuth('hr-agent', 'mySecret')));
  const introspect = (t: string) => http(demo.oauth2('introspect'), formPost({ token: t }, basicAuth('hr-agent', 'mySecret')));
  const users = () => http(`${demo.stack.baseUrl}/json${ALPHA}/users?_queryFilter=true`, { headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=2.1,resource=3.0' } });
  const login = () =>
    http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
  const agent = (method = 'GET') =>
    http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/agents/OAuth2Client/outage-probe`, {
      method,
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'resource=1.0', ...(method === 'PUT' ? { 'Content-Type': 'application/json' } : {}) },
      ...(method === 'PUT' ? { body: JSON.stringify({ coreOAuth2ClientConfig: { userpassword: 'probeSecret', scopes: ['read'] } }) } : {}),
    });
  const register = () => http(demo.oauth2('register'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://rp.example.com/cb'], scope: 'read' }) });
  const shape = (res: Awaited<ReturnType<typeof http>>) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), cache: res.headers.get('cache-control'), body: res.json });

  async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('condition not met in time');
  }

  it('answers 503 with Retry-After in OAuth form and in CREST form while Postgres is down, then serves again', async () => {
    const issued = await token();
    expect(issued.status).toBe(200);
    const accessToken = (issued.json as { access_token: string }).access_token;
    const postgres = demo.infra.postgres!;
    if (!postgres.stopServer || !postgres.startServer) return; // a container Postgres is not restarted in place
    await postgres.stopServer();
    try {
      const oauth = { status: 503, retryAfter: expect.stringMatching(/^\d+$/), cache: 'no-store', body: { error: 'temporarily_unavailable', error_description: expect.any(String) } };
      const crest = { status: 503, retryAfter: expect.stringMatching(/^\d+$/), cache: 'no-store', body: { code: 503, reason: 'Service Unavailable', message: expect.any(String) } };
      expect(shape(await token())).toEqual(oauth);
      expect(shape(await revoke(accessToken))).toEqual(oauth);
      expect(shape(await introspect(accessToken))).toEqual(oauth);
      expect(shape(await users())).toEqual(crest);
      expect(shape(await login())).toEqual(crest);
      expect(shape(await agent('PUT'))).toEqual(crest);
      expect(shape(await agent())).toEqual(crest);
      expect(shape(await register())).toEqual(oauth);
    } finally {
      await postgres.startServer();
    }
    await eventually(async () => (await token()).status === 200);
    expect((await introspect(accessToken)).json).toMatchObject({ active: true });
    expect((await users()).status).toBe(200);
    // Nothing was half written during the outage: the PUT that answered 503 created nothing.
    expect((await agent()).status).toBe(404);
  });
});
