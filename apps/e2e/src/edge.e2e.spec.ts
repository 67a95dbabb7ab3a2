import { request as httpRequest } from 'node:http';
import { type Infra, type MandateStack, type WireResponse, http, startInfra, startMandate } from '@mandate/testing';
import { ADMIN_PASSWORD, ALPHA, CALLBACK, basicAuth, formPost } from './support/demo-stack';

// Issue 17: limits and small holes at the edge, through the gateway of the distributed stack.
// Rate limits are on here with small budgets and a window longer than the test (so no timing).

/** An HTTP request sent from a given loopback address (127.0.0.0/8), so that each test has its own per-address budget. */
function httpFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<WireResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers, text, json, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const formInit = (fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const init = formPost(fields, headers);
  return { method: 'POST', headers: init.headers as Record<string, string>, body: String(init.body) };
};

/** A 429's Retry-After, checked to be whole seconds within the window. */
/** The rate-limit tests' window: the longest RATE_LIMIT_WINDOW_SECONDS allows. */
const WINDOW_SECONDS = 86_400;
/** More than the rate-limit block takes to run. */
const BLOCK_BUDGET_MS = 100_000;

function retryAfter(res: WireResponse): number {
  const value = res.headers.get('retry-after') ?? '';
  expect(value).toMatch(/^\d+$/);
  expect(Number(value)).toBeGreaterThanOrEqual(1);
  expect(Number(value)).toBeLessThanOrEqual(WINDOW_SECONDS);
  return Number(value);
}

describe('the edge (distributed, rate limits on)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let admin = '';
  const base = () => stack!.baseUrl;
  const oauth2 = (path: string) => `${base()}/oauth2${ALPHA}/${path}`;
  const adminJson = (method: string, path: string, body: unknown, version = 'resource=1.0') =>
    http(`${base()}/json${ALPHA}/${path}`, { method, headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': version }, body: JSON.stringify(body) });

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({
      mode: 'distributed',
      infra,
      env: {
        AM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        RATE_LIMIT_REGISTER_MAX: '2',
        RATE_LIMIT_AUTHENTICATE_MAX: '3',
        RATE_LIMIT_TOKEN_MAX: '5',
        RATE_LIMIT_TOKEN_CLIENT_MAX: '2',
        RATE_LIMIT_BC_AUTHORIZE_MAX: '4',
        RATE_LIMIT_BC_AUTHORIZE_CLIENT_MAX: '2',
      },
    });
    // amadmin signs in from 127.0.0.1; the tests below use addresses of their own.
    const login = await http(`${base()}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(login.status).toBe(200);
    admin = (login.json as { tokenId: string }).tokenId;
    for (const id of ['limit-a', 'limit-b', 'limit-c']) {
      const put = await adminJson('PUT', `realm-config/agents/OAuth2Client/${id}`, {
        coreOAuth2ClientConfig: { userpassword: 'mySecret', scopes: ['read'] },
        advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
      });
      expect([200, 201]).toContain(put.status);
    }
    const web = await adminJson('PUT', 'realm-config/agents/OAuth2Client/web-app', { coreOAuth2ClientConfig: { userpassword: 'mySecret', scopes: ['read'], redirectionUris: [CALLBACK] } });
    expect([200, 201]).toContain(web.status);
    const user = await adminJson('POST', 'users?_action=create', { username: 'bjensen', userpassword: 'Ch4ng31t', mail: 'bjensen@example.com' }, 'protocol=2.1,resource=3.0');
    expect(user.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  describe('rate limits', () => {
    // The windows are aligned to the clock: a block that straddled a window's end would see its
    // counters start again (a run once crossed a full hour). The longest window the gateway takes,
    // and if its end is near, wait it out before counting.
    beforeAll(async () => {
      const windowMs = WINDOW_SECONDS * 1000;
      const left = windowMs - (Date.now() % windowMs);
      if (left < BLOCK_BUDGET_MS) await new Promise((resolve) => setTimeout(resolve, left + 1000));
    }, BLOCK_BUDGET_MS + 10_000);

    const register = (from: string, path = 'register') =>
      httpFrom(from, oauth2(path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://rp.example.com/cb'] }) });

    it('answers the third registration from one address 429 temporarily_unavailable with Retry-After, /register and /aiagent/register together', async () => {
      expect((await register('127.0.0.11')).status).not.toBe(429);
      expect((await register('127.0.0.11', 'aiagent/register')).status).not.toBe(429);
      const third = await register('127.0.0.11');
      expect(third.status).toBe(429);
      const seconds = retryAfter(third);
      expect(third.json).toEqual({ error: 'temporarily_unavailable', error_description: `Too many requests; retry after ${seconds} s` });
      expect(third.headers.get('cache-control')).toBe('no-store');
      expect(third.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await register('127.0.0.11', 'aiagent/register')).status).toBe(429);
      // Another address has its own budget.
      expect((await register('127.0.0.12')).status).not.toBe(429);
    });

    it('spends one budget across two gateway replicas: the counters live in the bus, not in each process', async () => {
      const second = await stack!.addGateway();
      const registerAt = (origin: string) =>
        httpFrom('127.0.0.21', `${origin}/am/oauth2${ALPHA}/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://rp.example.com/cb'] }) });
      // The realm wants an initial access token (401); the limit counts every attempt all the same.
      expect((await registerAt(stack!.origin)).status).toBe(401);
      expect((await registerAt(second.origin)).status).toBe(401);
      // Two in the window, one on each replica: the third is refused by either.
      expect((await registerAt(second.origin)).status).toBe(429);
      expect((await registerAt(stack!.origin)).status).toBe(429);
      // Another address still has its budget on the second replica.
      const other = await httpFrom('127.0.0.22', `${second.origin}/am/oauth2${ALPHA}/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://rp.example.com/cb'] }) });
      expect(other.status).toBe(401);
      await second.process.stop();
    });

    it('answers the fourth /json authenticate from one address 429 in the CREST shape', async () => {
      const login = () =>
        httpFrom('127.0.0.13', `${base()}/json${ALPHA}/authenticate`, {
          method: 'POST',
          headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'wrong', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
        });
      for (let i = 0; i < 3; i++) expect((await login()).status).toBe(401);
      const fourth = await login();
      expect(fourth.status).toBe(429);
      const seconds = retryAfter(fourth);
      expect(fourth.json).toEqual({ code: 429, reason: 'Too Many Requests', message: `Too many requests; retry after ${seconds} s` });
      expect(fourth.headers.get('cache-control')).toBe('no-store');
    });

    it('counts /access_token per presented client and address, so one client cannot spend another budget; the address caps them all', async () => {
      const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        httpFrom('127.0.0.14', oauth2('access_token'), formInit({ grant_type: 'client_credentials', scope: 'read', ...fields }, headers));
      const hr = () => token({}, basicAuth('limit-a', 'mySecret'));
      const data = () => token({ client_id: 'limit-b', client_secret: 'mySecret' });
      expect((await hr()).status).toBe(200);
      expect((await hr()).status).toBe(200);
      const hrOver = await hr();
      expect(hrOver.status).toBe(429);
      expect(hrOver.json).toEqual({ error: 'temporarily_unavailable', error_description: `Too many requests; retry after ${retryAfter(hrOver)} s` });
      // limit-b (client_secret_post) from the same address still has its own budget.
      expect((await data()).status).toBe(200);
      expect((await data()).status).toBe(200);
      // Six requests from this address: over the address's cap of five, whichever client asks.
      const riskOver = await token({ client_id: 'limit-c', client_secret: 'mySecret' });
      expect(riskOver.status).toBe(429);
      retryAfter(riskOver);
      // The token endpoint of another address is unaffected.
      expect((await httpFrom('127.0.0.15', oauth2('access_token'), formInit({ grant_type: 'client_credentials', scope: 'read' }, basicAuth('limit-a', 'mySecret')))).status).toBe(200);
    });

    it('counts CIBA /bc-authorize apart from /access_token, per presented client and address', async () => {
      const ask = (from: string, client: string) =>
        httpFrom(from, oauth2('bc-authorize'), formInit({ scope: 'openid read', login_hint: 'bjensen' }, basicAuth(client, 'mySecret')));
      // limit-a holds no CIBA grant: refused (400 unauthorized_client), but every attempt counts.
      for (let i = 0; i < 2; i++) expect((await ask('127.0.0.31', 'limit-a')).status).toBe(400);
      const over = await ask('127.0.0.31', 'limit-a');
      expect(over.status).toBe(429);
      expect(over.json).toEqual({ error: 'temporarily_unavailable', error_description: `Too many requests; retry after ${retryAfter(over)} s` });
      // Another client from the same address has its budget until the address's cap of four (limit-a's three attempts count there too).
      expect((await ask('127.0.0.31', 'limit-b')).status).toBe(400);
      expect((await ask('127.0.0.31', 'limit-c')).status).toBe(429);
      // The token endpoint's budget from that address is untouched.
      expect((await httpFrom('127.0.0.31', oauth2('access_token'), formInit({ grant_type: 'client_credentials', scope: 'read' }, basicAuth('limit-a', 'mySecret')))).status).toBe(200);
    });
  });

  describe('JSON bodies', () => {
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    // 10k levels stay under the registration document's 64 KiB cap, so the depth is what answers.
    it('answers a 10k-deep JSON registration 400 invalid_request, not 503', async () => {
      const res = await http(oauth2('register'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: nested(10_000) });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'JSON nested deeper than 64 levels' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('answers a 100k-deep JSON body under /json 400 in the CREST shape, not a stack overflow', async () => {
      const res = await http(`${base()}/json${ALPHA}/users?_action=create`, {
        method: 'POST',
        headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=2.1,resource=3.0' },
        body: nested(100_000),
      });
      expect({ status: res.status, body: res.json }).toEqual({ status: 400, body: { code: 400, reason: 'Bad Request', message: 'JSON nested deeper than 64 levels' } });
    });

    it('answers a 65-deep JSON body under /json 400 in the CREST shape', async () => {
      const res = await http(`${base()}/json${ALPHA}/users?_action=create`, {
        method: 'POST',
        headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=2.1,resource=3.0' },
        body: JSON.stringify({ username: 'deep', x: JSON.parse('['.repeat(64) + ']'.repeat(64)) }),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: 400, reason: 'Bad Request', message: 'JSON nested deeper than 64 levels' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('sessions', () => {
    it('refuses /authorize with a session right after its logout: authorize-service drops its cached answer on authn.session.ended', async () => {
      const login = await httpFrom('127.0.0.16', `${base()}/json${ALPHA}/authenticate`, {
        method: 'POST',
        headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
      });
      expect(login.status).toBe(200);
      const token = (login.json as { tokenId: string }).tokenId;
      // Seed 000 step 2, which also puts the session's answer in authorize-service's cache.
      const authorize = () =>
        http(oauth2('authorize'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `iPlanetDirectoryPro=${token}` },
          body: new URLSearchParams({ scope: 'read', response_type: 'code', client_id: 'web-app', csrf: token, redirect_uri: CALLBACK, decision: 'allow' }).toString(),
        });
      const before = await authorize();
      expect(before.status).toBe(302);
      expect(before.headers.get('location')).toMatch(/^https:\/\/www\.example\.com:443\/callback\?code=/);

      const logout = await http(`${base()}/json${ALPHA}/sessions?_action=logout`, { method: 'POST', headers: { iPlanetDirectoryPro: token } });
      expect(logout.status).toBe(200);

      const after = await authorize();
      expect(after.headers.get('location') ?? '').not.toContain('code=');
    });
  });
});
