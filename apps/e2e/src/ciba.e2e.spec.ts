import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type WireResponse, http, workspaceRoot } from '@mandate/testing';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { type Browser, chromium } from 'playwright-core';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 21: OpenID CIBA Core 1.0 through the gateway of the distributed stack: bc-authorize, the
// CIBA grant's poll and ping modes, the approvals page (Chromium) and its REST twin.

const CIBA = 'urn:openid:params:grant-type:ciba';
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const WEBHOOK_SECRET = 'webhook-secret-3f9a';

/** config/demo.json with CIBA enabled in alpha's provider, polling every second, its approvals webhook at `webhook`. */
function importFile(webhook: string): string {
  const demo = JSON.parse(readFileSync(join(workspaceRoot(), 'config', 'demo.json'), 'utf8')) as { providers: Record<string, Record<string, Record<string, unknown>>> };
  const alpha = demo.providers['/alpha'];
  alpha.advancedOAuth2Config.grantTypes = [...(alpha.advancedOAuth2Config.grantTypes as string[]), CIBA];
  alpha.cibaConfig = { cibaAuthReqIdLifetime: 120, cibaMinimumPollingInterval: 1, approvalWebhookUrl: webhook, approvalWebhookSecret: WEBHOOK_SECRET };
  const file = join(mkdtempSync(join(tmpdir(), 'mandate-ciba-')), 'import.json');
  writeFileSync(file, JSON.stringify(demo));
  return file;
}

describe('OpenID CIBA through the gateway (distributed)', () => {
  let demo: DemoStack;
  let receiver: Server;
  let receiverUrl: string;
  const pings: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let bjensen: string;

  const bc = (fields: Record<string, string>, client = 'ciba-client', secret = 'cibaSecret') => http(demo.oauth2('bc-authorize'), formPost(fields, basicAuth(client, secret)));
  const poll = (authReqId: string, client = 'ciba-client', secret = 'cibaSecret') => http(demo.oauth2('access_token'), formPost({ grant_type: CIBA, auth_req_id: authReqId }, basicAuth(client, secret)));
  const approvals = (user: string, sso: string, suffix = '', method = 'GET') =>
    http(`${demo.stack.baseUrl}/json${ALPHA}/users/${user}/approvals${suffix}`, { method, headers: { iPlanetDirectoryPro: sso, 'Accept-API-Version': 'resource=1.0' } });
  const error = (res: WireResponse) => (res.json as { error?: string }).error;
  const body = (res: WireResponse) => res.json as Record<string, unknown>;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        (req.url === '/webhook' ? hooks : pings).push({ headers: req.headers, body: data });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ciba/notify`;
    demo = await startDemoStack({ MANDATE_IMPORT: importFile(receiverUrl.replace('/ciba/notify', '/webhook')) });
    await demo.putClient('ciba-client', {
      coreOAuth2ClientConfig: { userpassword: 'cibaSecret', clientType: 'Confidential', scopes: ['openid', 'read'], clientName: ['Expense agent'] },
      advancedOAuth2ClientConfig: { grantTypes: [CIBA, 'refresh_token'] },
    });
    await demo.putClient('ciba-ping', {
      coreOAuth2ClientConfig: { userpassword: 'pingSecret', clientType: 'Confidential', scopes: ['openid', 'read'] },
      advancedOAuth2ClientConfig: { grantTypes: [CIBA] },
      coreOpenIDClientConfig: { backchannelTokenDeliveryMode: 'ping', backchannelClientNotificationEndpoint: receiverUrl },
    });
    await demo.putClient('no-ciba', {
      coreOAuth2ClientConfig: { userpassword: 'noSecret', clientType: 'Confidential', scopes: ['openid', 'read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
    const login = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(login.status).toBe(200);
    bjensen = (login.json as { tokenId: string }).tokenId;
  });

  afterAll(async () => {
    await demo?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  it('advertises the backchannel endpoint, its modes and the grant in discovery', async () => {
    const res = await http(demo.oauth2('.well-known/openid-configuration'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(
      expect.objectContaining({
        backchannel_authentication_endpoint: demo.oauth2('bc-authorize'),
        backchannel_token_delivery_modes_supported: ['poll', 'ping'],
        backchannel_user_code_parameter_supported: false,
        grant_types_supported: expect.arrayContaining([CIBA]),
      }),
    );
  });

  it('refuses a client whose delivery mode is neither poll nor ping', async () => {
    await expect(demo.putClient('bad-ciba', { coreOpenIDClientConfig: { backchannelTokenDeliveryMode: 'push' } })).rejects.toThrow(/400.*backchannelTokenDeliveryMode must be poll or ping/);
  });

  it('answers bad requests with the spec’s errors, never a 500', async () => {
    expect(error(await bc({ scope: 'read', login_hint: 'bjensen' }))).toBe('invalid_scope');
    const unknown = await bc({ scope: 'openid read', login_hint: 'nobody-here' });
    expect([unknown.status, error(unknown)]).toEqual([400, 'unknown_user_id']);
    const badHint = await bc({ scope: 'openid', id_token_hint: 'not.a.token' });
    expect([badHint.status, error(badHint)]).toEqual([400, 'unknown_user_id']);
    expect(error(await bc({ scope: 'openid' }))).toBe('invalid_request');
    const noGrant = await bc({ scope: 'openid', login_hint: 'bjensen' }, 'no-ciba', 'noSecret');
    expect([noGrant.status, error(noGrant)]).toEqual([400, 'unauthorized_client']);
    const badSecret = await bc({ scope: 'openid', login_hint: 'bjensen' }, 'ciba-client', 'wrong');
    expect([badSecret.status, error(badSecret)]).toEqual([401, 'invalid_client']);
    expect(error(await bc({ scope: 'openid', login_hint: 'bjensen', requested_expiry: 'soon' }))).toBe('invalid_request');
    const unknownId = await poll('no-such-request');
    expect([unknownId.status, error(unknownId)]).toEqual([400, 'invalid_grant']);
    const wrongClient = await http(demo.oauth2('access_token'), formPost({ grant_type: CIBA, auth_req_id: 'x' }, basicAuth('no-ciba', 'noSecret')));
    expect([wrongClient.status, error(wrongClient)]).toEqual([400, 'unauthorized_client']);
  });

  (existsSync(CHROMIUM) ? it : it.skip)('poll mode: pending, the user approves on the approvals page in Chromium, then tokens once', async () => {
    const started = await bc({ scope: 'openid read', login_hint: 'bjensen', binding_message: 'W4SCT-91' });
    expect(started.status).toBe(200);
    expect(Object.keys(body(started))).toEqual(['auth_req_id', 'expires_in', 'interval']);
    expect(body(started)).toEqual({ auth_req_id: expect.any(String), expires_in: 120, interval: 1 });
    const authReqId = body(started).auth_req_id as string;
    const pending = await poll(authReqId);
    expect([pending.status, error(pending)]).toEqual([400, 'authorization_pending']);
    expect(pending.headers.get('cache-control')).toBe('no-store');

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(demo.oauth2('approvals'));
      await page.fill('#username', 'bjensen');
      await page.fill('#password', 'Ch4ng31t');
      await Promise.all([page.waitForURL(/\/approvals$/), page.click('button[type=submit]')]);
      const card = page.locator('section.approval', { hasText: 'W4SCT-91' });
      await expect(card.locator('h2').textContent()).resolves.toBe('Expense agent');
      await expect(card.textContent()).resolves.toContain('ciba-client');
      await expect(card.locator('li').allTextContents()).resolves.toEqual(['openid', 'read']);
      await Promise.all([page.waitForURL(/\/approvals\//), card.locator('button[value=approve]').click()]);
      await expect(page.locator('.notice').textContent()).resolves.toBe('Approved.');
      await expect(page.locator('section.approval', { hasText: 'W4SCT-91' }).count()).resolves.toBe(0);
    } finally {
      await browser.close();
    }

    await sleep(1100);
    const tokens = await poll(authReqId);
    expect(tokens.status).toBe(200);
    expect(body(tokens)).toEqual(expect.objectContaining({ access_token: expect.any(String), refresh_token: expect.any(String), scope: 'openid read', token_type: 'Bearer' }));
    const introspected = await http(demo.oauth2('introspect'), formPost({ token: body(tokens).access_token as string }, basicAuth('ciba-client', 'cibaSecret')));
    expect(body(introspected)).toEqual(expect.objectContaining({ active: true, client_id: 'ciba-client', scope: 'openid read', sub: expect.any(String) }));
    await sleep(1100);
    const again = await poll(authReqId);
    expect([again.status, error(again)]).toEqual([400, 'invalid_grant']);
  });

  it('the page sends a browser without a session to the login page, and refuses a form without its CSRF token', async () => {
    const anonymous = await http(demo.oauth2('approvals'), { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toContain('/login?goto=');
    const forged = await http(demo.oauth2('approvals/whatever'), formPost({ decision: 'approve' }, { Cookie: `iPlanetDirectoryPro=${bjensen}` }));
    expect(forged.status).toBe(403);
  });

  it('slow_down: polling faster than the interval is told so, and the interval grows by 5 seconds', async () => {
    const started = await bc({ scope: 'openid', login_hint: 'bjensen' });
    const authReqId = body(started).auth_req_id as string;
    expect(error(await poll(authReqId))).toBe('authorization_pending');
    const fast = await poll(authReqId);
    expect([fast.status, error(fast)]).toEqual([400, 'slow_down']);
    expect((fast.json as { error_description: string }).error_description).toContain('6 seconds');
    await sleep(1500);
    expect(error(await poll(authReqId))).toBe('slow_down');
  });

  it('the REST approvals: the user lists her requests and denies one; the client gets access_denied; others may not look', async () => {
    const started = await bc({ scope: 'openid', login_hint: 'bjensen', binding_message: 'DENY-ME' });
    const authReqId = body(started).auth_req_id as string;
    const list = await approvals('bjensen', bjensen);
    expect(list.status).toBe(200);
    const mine = (list.json as { result: Array<Record<string, unknown>> }).result.find((a) => a.bindingMessage === 'DENY-ME');
    expect(mine).toEqual(expect.objectContaining({ _id: expect.any(String), clientId: 'ciba-client', clientName: 'Expense agent', scopes: ['openid'], status: 'pending' }));
    expect((await approvals('amadmin', bjensen)).status).toBe(403);
    expect((await approvals('bjensen', 'not-a-session')).status).toBe(401);
    expect((await approvals('bjensen', bjensen, `/${String(mine!._id)}?_action=maybe`, 'POST')).status).toBe(400);
    const denied = await approvals('bjensen', bjensen, `/${String(mine!._id)}?_action=deny`, 'POST');
    expect(denied.status).toBe(200);
    expect(body(denied).status).toBe('denied');
    expect((await approvals('bjensen', bjensen, `/${String(mine!._id)}?_action=approve`, 'POST')).status).toBe(409);
    const res = await poll(authReqId);
    expect([res.status, error(res)]).toEqual([400, 'access_denied']);
  });

  it('a private_key_jwt client: bc-authorize and the poll take client assertions, each bound to its own endpoint', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    await demo.putClient('ciba-keyed', {
      coreOAuth2ClientConfig: { clientType: 'Confidential', scopes: ['openid', 'read'] },
      advancedOAuth2ClientConfig: { grantTypes: [CIBA], tokenEndpointAuthMethod: 'private_key_jwt' },
      signEncOAuth2ClientConfig: { publicKeyLocation: 'jwks', jwkSet: JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }) },
    });
    const issuer = demo.oauth2('').replace(/\/$/, '');
    const assertion = (aud: string) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: 'ciba-keyed', sub: 'ciba-keyed', aud, iat: now, exp: now + 60, jti: randomUUID() }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
    };
    const withAssertion = async (path: string, aud: string, fields: Record<string, string>) =>
      http(demo.oauth2(path), formPost({ ...fields, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion(aud) }));
    const ask = { scope: 'openid read', login_hint: 'bjensen', binding_message: 'KEYED-1' };
    // An assertion made for the token endpoint is not one for bc-authorize.
    const wrongEndpoint = await withAssertion('bc-authorize', demo.oauth2('access_token'), ask);
    expect([wrongEndpoint.status, error(wrongEndpoint)]).toEqual([401, 'invalid_client']);
    const started = await withAssertion('bc-authorize', demo.oauth2('bc-authorize'), ask);
    expect(started.status).toBe(200);
    const authReqId = body(started).auth_req_id as string;
    const mine = ((await approvals('bjensen', bjensen)).json as { result: Array<Record<string, unknown>> }).result.find((a) => a.bindingMessage === 'KEYED-1');
    expect(mine).toEqual(expect.objectContaining({ clientId: 'ciba-keyed', status: 'pending' }));
    expect((await approvals('bjensen', bjensen, `/${String(mine!._id)}?_action=approve`, 'POST')).status).toBe(200);
    // The issuer is an audience every endpoint accepts.
    const granted = await withAssertion('access_token', issuer, { grant_type: CIBA, auth_req_id: authReqId });
    expect(granted.status).toBe(200);
    expect(body(granted)).toEqual(expect.objectContaining({ access_token: expect.any(String), token_type: 'Bearer' }));
    // A secret is no way in for this client.
    const secret = await http(demo.oauth2('bc-authorize'), formPost(ask, basicAuth('ciba-keyed', 'anything')));
    expect([secret.status, error(secret)]).toEqual([401, 'invalid_client']);
  });

  it('expiry: a short requested_expiry ends in expired_token, and the user can no longer approve it', async () => {
    const started = await bc({ scope: 'openid', login_hint: 'bjensen', requested_expiry: '1', binding_message: 'TOO-LATE' });
    expect(body(started).expires_in).toBe(1);
    const id = (await approvals('bjensen', bjensen)).json as { result: Array<{ _id: string; bindingMessage: string }> };
    const approval = id.result.find((a) => a.bindingMessage === 'TOO-LATE')!;
    await sleep(1500);
    const res = await poll(body(started).auth_req_id as string);
    expect([res.status, error(res)]).toEqual([400, 'expired_token']);
    expect((await approvals('bjensen', bjensen, `/${approval._id}?_action=approve`, 'POST')).status).toBe(400);
  });

  it('ping mode: the client’s notification endpoint is POSTed {auth_req_id} with its bearer token once the user approves (REST)', async () => {
    const missing = await bc({ scope: 'openid', login_hint: 'bjensen' }, 'ciba-ping', 'pingSecret');
    expect(error(missing)).toBe('invalid_request');
    const started = await bc({ scope: 'openid read', login_hint: 'bjensen', client_notification_token: 'notify-me-8c1f', binding_message: 'PING-1' }, 'ciba-ping', 'pingSecret');
    expect(started.status).toBe(200);
    expect(Object.keys(body(started))).toEqual(['auth_req_id', 'expires_in']);
    const authReqId = body(started).auth_req_id as string;
    const list = (await approvals('bjensen', bjensen)).json as { result: Array<{ _id: string; bindingMessage: string }> };
    const approval = list.result.find((a) => a.bindingMessage === 'PING-1')!;
    expect((await approvals('bjensen', bjensen, `/${approval._id}?_action=approve`, 'POST')).status).toBe(200);
    const until = Date.now() + 5000;
    while (pings.length === 0 && Date.now() < until) await sleep(50);
    expect(pings).toHaveLength(1);
    expect(pings[0].headers.authorization).toBe('Bearer notify-me-8c1f');
    expect(pings[0].headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(pings[0].body)).toEqual({ auth_req_id: authReqId });
    const tokens = await poll(authReqId, 'ciba-ping', 'pingSecret');
    expect(tokens.status).toBe(200);
    expect(body(tokens)).toEqual(expect.objectContaining({ access_token: expect.any(String), scope: 'openid read' }));
    expect(body(tokens).refresh_token).toBeUndefined();
  });

  it('the realm’s webhook hears of each request and decision, its body signed with HMAC-SHA256 in X-Mandate-Signature', async () => {
    const started = await bc({ scope: 'openid', login_hint: 'bjensen', binding_message: 'HOOK-1' });
    expect(started.status).toBe(200);
    const hookFor = (event: string) => hooks.find((h) => (JSON.parse(h.body) as { event: string; approval: { bindingMessage: string } }).event === event && h.body.includes('HOOK-1'));
    let until = Date.now() + 5000;
    while (!hookFor('approval_requested') && Date.now() < until) await sleep(50);
    const requested = hookFor('approval_requested')!;
    expect(requested.headers['x-mandate-signature']).toBe(`sha256=${createHmac('sha256', WEBHOOK_SECRET).update(requested.body).digest('hex')}`);
    const payload = JSON.parse(requested.body) as Record<string, unknown>;
    expect(payload).toEqual(expect.objectContaining({ event: 'approval_requested', realm: '/alpha', user: 'bjensen', approval: expect.objectContaining({ clientId: 'ciba-client', bindingMessage: 'HOOK-1', status: 'pending' }) }));
    const id = (payload.approval as { _id: string })._id;
    expect((await approvals('bjensen', bjensen, `/${id}?_action=approve`, 'POST')).status).toBe(200);
    until = Date.now() + 5000;
    while (!hookFor('approval_approved') && Date.now() < until) await sleep(50);
    const approved = hookFor('approval_approved')!;
    expect(approved.headers['x-mandate-signature']).toBe(`sha256=${createHmac('sha256', WEBHOOK_SECRET).update(approved.body).digest('hex')}`);
  });
});
