import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Infra, type MandateStack, type WireResponse, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { type NatsConnection, connect } from 'nats';
import { ADMIN_PASSWORD, CALLBACK } from './support/demo-stack';

// Issue 5 items 1–2: /authorize, its login and consent pages, and authorization codes (am-spec §3,
// contract §3.7, §3.9), through the gateway in the distributed mode, config/demo.json imported.

const USERNAME = 'kvaughan';
const PASSWORD = 'Pa55-kvaughan';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** RFC 7636 Appendix B */
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('/authorize through the gateway (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let nc: NatsConnection | undefined;
  let admin = '';
  let user = '';

  const alpha = (area: 'json' | 'oauth2', path: string) => `${stack!.baseUrl}/${area}/realms/root/realms/alpha/${path}`;
  const authorizeUrl = () => alpha('oauth2', 'authorize');
  const issuer = () => `${stack!.baseUrl}/oauth2/realms/root/realms/alpha`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const login = async (realmPath: string, username: string, password: string) => {
    const res = await http(`${stack!.baseUrl}/json${realmPath}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(res.status).toBe(200);
    return (res.json as { tokenId: string }).tokenId;
  };
  const putClient = async (id: string, body: Record<string, unknown>) => {
    const res = await http(alpha('json', `realm-config/agents/OAuth2Client/${id}`), {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=1.0' },
      body: JSON.stringify(body),
    });
    expect([200, 201]).toContain(res.status);
  };
  /** A POST to /authorize as seed 000 sends it (curl --data: a form, Accept: *\/*). */
  const postAuthorize = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    http(authorizeUrl(), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `iPlanetDirectoryPro=${user}`, ...headers }, body: form(fields) });
  /** Seed 000 step 2's parameters, with this test's user. */
  const seed = (extra: Record<string, string> = {}) => ({ scope: 'read', response_type: 'code', client_id: 'hr-client', csrf: user, redirect_uri: CALLBACK, decision: 'allow', ...extra });
  const location = (res: WireResponse) => new URL(res.headers.get('location') ?? 'about:blank');
  const responseParams = (res: WireResponse) => Object.fromEntries(location(res).searchParams);

  /** Nest's NATS wire format: request `{pattern, data, id}`, reply `{id, response | err, isDisposed}`. */
  async function consumeCode(code: string): Promise<unknown> {
    const subject = 'authorize.code.consume';
    const msg = await nc!.request(subject, new TextEncoder().encode(JSON.stringify({ pattern: subject, data: { realm: '/alpha', code }, id: randomUUID() })), { timeout: 5_000 });
    return (JSON.parse(new TextDecoder().decode(msg.data)) as { response: unknown }).response;
  }

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({ mode: 'distributed', infra, env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
    nc = await connect(infra.nats!.connectOptions('token-service')); // a caller of these subjects in the catalogue
    admin = await login('/realms/root', 'amadmin', ADMIN_PASSWORD);
    const created = await http(alpha('json', 'users?_action=create'), {
      method: 'POST',
      headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=2.1,resource=3.0' },
      body: JSON.stringify({ username: USERNAME, userpassword: PASSWORD, mail: 'kvaughan@example.com' }),
    });
    expect(created.status).toBe(201);
    user = await login('/realms/root/realms/alpha', USERNAME, PASSWORD);
    await putClient('authz-public', { coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [CALLBACK], scopes: ['read'] } });
    await putClient('authz-implied', {
      coreOAuth2ClientConfig: { userpassword: 'implied-secret', redirectionUris: [CALLBACK], scopes: ['read', 'write'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { isConsentImplied: true },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, clientsCanSkipConsent: true },
    });
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
    await infra?.stop();
  });

  describe('codes', () => {
    it('seed 000 step 2: 302 to the callback with a code and iss, no state; the code redeems once, then is a replay', async () => {
      // The seed's curl command, unchanged but for host and token.
      const res = await http(authorizeUrl(), {
        method: 'POST',
        headers: { Cookie: `iPlanetDirectoryPro=${user}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        // curl --data sends each value as written (not URL-encoded).
        body: `scope=read&response_type=code&client_id=hr-client&csrf=${user}&redirect_uri=https://www.example.com:443/callback&decision=allow`,
      });
      expect(res.status).toBe(302);
      const where = /^https:\/\/www\.example\.com:443\/callback\?code=([A-Za-z0-9_-]{43})&iss=([^&]+)$/.exec(res.headers.get('location') ?? '');
      expect(where?.[2]).toBe(encodeURIComponent(issuer()));
      expect(res.headers.get('cache-control')).toBe('no-store');
      const code = location(res).searchParams.get('code')!;

      const first = await consumeCode(code);
      expect(first).toEqual({
        outcome: 'consumed',
        grant: {
          clientId: 'hr-client',
          redirectUri: CALLBACK,
          scopes: ['read'],
          resources: [],
          userId: expect.any(String),
          username: USERNAME,
          authLevel: 0,
          authTime: expect.any(Number),
          codeChallenge: null,
          codeChallengeMethod: null,
          nonce: null,
          authGrantId: expect.any(String),
        },
      });
      expect(await consumeCode(code)).toEqual({ outcome: 'replayed', authGrantId: (first as { grant: { authGrantId: string } }).grant.authGrantId });
      expect(await consumeCode('not-a-code')).toEqual({ outcome: 'invalid' });
    });

    it('echoes state, and works with GET and the SSO token as a header', async () => {
      const query = new URLSearchParams(seed({ state: 'af0ifjsldkj' })).toString();
      const res = await http(`${authorizeUrl()}?${query}`, { headers: { iPlanetDirectoryPro: user } });
      expect(res.status).toBe(302);
      expect(Object.keys(responseParams(res))).toEqual(['code', 'state', 'iss']);
      expect(responseParams(res)).toMatchObject({ state: 'af0ifjsldkj', iss: issuer() });
    });

    it('issues a code directly when consent is implied, without a decision', async () => {
      const res = await postAuthorize({ response_type: 'code', client_id: 'authz-implied', state: 's' }, { Accept: BROWSER });
      expect(res.status).toBe(302);
      expect(responseParams(res)).toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), state: 's', iss: issuer() });
    });
  });

  describe('PKCE', () => {
    it('accepts S256 and binds the challenge to the code', async () => {
      const res = await postAuthorize(seed({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }));
      expect(res.status).toBe(302);
      const code = responseParams(res)['code'];
      expect(await consumeCode(code)).toMatchObject({ outcome: 'consumed', grant: { codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' } });
    });

    it('refuses plain by redirecting invalid_request', async () => {
      const res = await postAuthorize(seed({ code_challenge: CHALLENGE, code_challenge_method: 'plain', state: 'p' }));
      expect(res.status).toBe(302);
      expect(responseParams(res)).toEqual({ error: 'invalid_request', error_description: 'code_challenge_method plain is not allowed: use S256', state: 'p', iss: issuer() });
    });

    it('refuses a public client without PKCE, and accepts it with S256', async () => {
      const without = await postAuthorize(seed({ client_id: 'authz-public' }));
      expect(without.status).toBe(302);
      expect(responseParams(without)).toEqual({
        error: 'invalid_request',
        error_description: 'PKCE is required for public clients: send code_challenge with code_challenge_method=S256',
        iss: issuer(),
      });
      const withPkce = await postAuthorize(seed({ client_id: 'authz-public', code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'), code_challenge_method: 'S256' }));
      expect(responseParams(withPkce)).toHaveProperty('code');
    });
  });

  describe('errors that must not redirect', () => {
    it('answers 400 without Location for an unknown client', async () => {
      const res = await postAuthorize(seed({ client_id: 'no-such-client' }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Unknown or inactive client' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('answers 400 without Location for an unregistered redirect URI, as a page to a browser', async () => {
      const res = await postAuthorize(seed({ redirect_uri: 'https://evil.example/callback' }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'The redirection URI provided does not match a pre-registered value.' });
      const page = await postAuthorize(seed({ redirect_uri: 'https://evil.example/callback' }), { Accept: BROWSER });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.text).toContain('The redirection URI provided does not match a pre-registered value.');
    });

    it('answers 400 "Invalid CSRF token" when csrf is not the session’s token', async () => {
      const res = await postAuthorize(seed({ csrf: 'forged' }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Invalid CSRF token' });
    });
  });

  describe('consent', () => {
    it('redirects decision=deny with error=access_denied', async () => {
      const res = await postAuthorize(seed({ decision: 'deny', state: 'd' }));
      expect(res.status).toBe(302);
      expect(responseParams(res)).toEqual({ error: 'access_denied', error_description: 'Resource owner did not authorize the request', state: 'd', iss: issuer() });
    });

    it('answers consent_required to an API caller that sent no decision', async () => {
      const { decision: _d, csrf: _c, ...undecided } = seed();
      const res = await postAuthorize(undecided);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'consent_required' });
    });
  });

  describe('a browser without a session', () => {
    it('signs in on the login page, consents, and gets a code', async () => {
      const query = new URLSearchParams({ response_type: 'code', client_id: 'hr-client', scope: 'read write', state: 'st-1', redirect_uri: CALLBACK }).toString();
      const start = await http(`${authorizeUrl()}?${query}`, { headers: { Accept: BROWSER } });
      expect(start.status).toBe(302);
      const loginPath = start.headers.get('location')!;
      const loginUrl = new URL(loginPath, stack!.origin);
      expect(loginUrl.pathname).toBe('/am/oauth2/realms/root/realms/alpha/login');
      const goto = loginUrl.searchParams.get('goto')!;
      expect(goto).toBe(`/am/oauth2/realms/root/realms/alpha/authorize?${query}`);

      const page = await http(loginUrl.href, { headers: { Accept: BROWSER } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const loginCsrf = /name="login_csrf" value="([^"]+)"/.exec(page.text)![1];
      const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('mandate-login-csrf='))!.split(';')[0];
      const signIn = (password: string) =>
        http(loginUrl.origin + loginUrl.pathname, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: BROWSER, Cookie: csrfCookie },
          body: form({ username: USERNAME, password, login_csrf: loginCsrf, goto }),
        });

      const wrong = await signIn('wrong-password');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(wrong.text).toContain('Invalid user name or password.');
      expect(wrong.headers.getSetCookie().some((c) => c.startsWith('iPlanetDirectoryPro='))).toBe(false);

      const signedIn = await signIn(PASSWORD);
      expect(signedIn.status).toBe(302);
      expect(signedIn.headers.get('location')).toBe(goto);
      const ssoCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('iPlanetDirectoryPro='))!;
      expect(ssoCookie).toMatch(/^iPlanetDirectoryPro=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const cookie = ssoCookie.split(';')[0];
      const token = cookie.slice('iPlanetDirectoryPro='.length);

      const consent = await http(`${stack!.origin}${goto}`, { headers: { Accept: BROWSER, Cookie: cookie } });
      expect(consent.status).toBe(200);
      expect(consent.headers.get('content-security-policy')).toBe(CSP);
      expect(consent.headers.get('x-frame-options')).toBe('DENY');
      expect(consent.text).toContain('<li>read</li><li>write</li>');
      const fields = Object.fromEntries([...consent.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
      expect(fields).toEqual({ response_type: 'code', client_id: 'hr-client', scope: 'read write', state: 'st-1', redirect_uri: CALLBACK, csrf: token });
      expect(/<form method="post" action="([^"]+)">/.exec(consent.text)![1]).toBe('/am/oauth2/realms/root/realms/alpha/authorize');

      const allowed = await http(authorizeUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: BROWSER, Cookie: cookie },
        body: form({ ...fields, decision: 'allow' }),
      });
      expect(allowed.status).toBe(302);
      expect(responseParams(allowed)).toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), state: 'st-1', iss: issuer() });
    });

    it('does not return to a goto outside this deployment’s /oauth2/', async () => {
      const page = await http(`${alpha('oauth2', 'login')}?goto=${encodeURIComponent('https://evil.example/')}`, { headers: { Accept: BROWSER } });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('evil.example');
      expect(page.text).not.toContain('name="goto"');
    });
  });
});
