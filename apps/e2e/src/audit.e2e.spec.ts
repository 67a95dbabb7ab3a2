import { join } from 'node:path';
import { type Infra, type MandateStack, type WireResponse, http, natsRequest, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { Client } from 'pg';
import { ACCESS_TOKEN_TYPE as AT, ADMIN_PASSWORD, ALPHA, CALLBACK, TOKEN_EXCHANGE as TX, formPost } from './support/demo-stack';

// Issue 20 item 1: the audit trail, black-box through the gateway on the distributed stack.
// Seed 000's flow and its neighbours produce the events; the admin query finds them by subject,
// event, actor, time, client and correlation id, pages and sorts them, refuses non-admins, and
// keeps them when the audit store (introspection-service) is killed while tokens are issued.

type Json = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRANT_ID = /^[A-Za-z0-9_-]{27}$/;
const BJENSEN_PASSWORD = 'Ch4ng31t';

describe('the audit trail (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let admin = '';
  let bjensenId = '';
  /** Every token value and secret this suite saw: none may be in any stored row. */
  const secrets = new Set<string>([ADMIN_PASSWORD, BJENSEN_PASSWORD, 'mySecret', 'Wr0ng-pa55word']);

  const oauth2 = (path: string) => `${stack!.baseUrl}/oauth2${ALPHA}/${path}`;
  const json = (path: string) => `${stack!.baseUrl}/json${ALPHA}/${path}`;
  const body = (res: WireResponse) => res.json as Json;
  const adminHeaders = (version: string) => ({ iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': version });
  const correlated = (id: string) => ({ 'x-correlation-id': id });

  /** `GET json/.../audit` with these CREST parameters, as amadmin unless told otherwise. */
  const audit = (params: Record<string, string>, headers: Record<string, string> = { iPlanetDirectoryPro: admin }) =>
    http(`${json('audit')}?${new URLSearchParams(params).toString()}`, { headers });
  /** The events matching a filter once at least `count` are there (delivery is asynchronous, within a second or so). */
  const eventually = async (filter: string, count = 1, timeoutMs = 20_000): Promise<Json[]> => {
    const until = Date.now() + timeoutMs;
    let last: Json[] = [];
    while (Date.now() < until) {
      const res = await audit({ _queryFilter: filter, _pageSize: '1000' });
      if (res.status === 200) {
        last = body(res).result as Json[];
        if (last.length >= count) return last;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${count} events for ${filter} not found in time; found ${JSON.stringify(last)}`);
  };

  const token = async (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const res = await http(oauth2('access_token'), formPost(fields, headers));
    for (const key of ['access_token', 'refresh_token']) if (typeof body(res)[key] === 'string') secrets.add(body(res)[key] as string);
    return res;
  };
  const cc = async (clientId: string, headers: Record<string, string> = {}) => {
    const res = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'mySecret', scope: 'read' }, headers);
    expect(res.status).toBe(200);
    return body(res).access_token as string;
  };
  const login = async (realmPath: string, username: string, password: string, headers: Record<string, string> = {}) => {
    const res = await http(`${stack!.baseUrl}/json${realmPath}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0', ...headers },
    });
    if (res.status === 200) secrets.add(body(res).tokenId as string);
    return res;
  };
  const grantOf = async (value: string) => {
    const resolved = (await natsRequest<{ active: boolean; claims?: Json }>(infra!.nats!, 'token.resolve', { realm: '/alpha', token: value })).response;
    return resolved!.claims!.authGrantId as string;
  };
  const putAgent = async (id: string) => {
    const res = await http(json(`realm-config/agents/AIAgent/${id}`), {
      method: 'PUT',
      headers: adminHeaders('resource=2.0'),
      body: JSON.stringify({ coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read'] } }),
    });
    expect([200, 201]).toContain(res.status);
  };

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({ mode: 'distributed', infra, env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
    const signedIn = await login('/realms/root', 'amadmin', ADMIN_PASSWORD);
    admin = body(signedIn).tokenId as string;
    const bjensen = await http(json('users/bjensen'), { headers: adminHeaders('protocol=2.1,resource=3.0') });
    bjensenId = body(bjensen)._id as string;
    expect(bjensenId).toMatch(UUID);
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  describe("seed 000's flow", () => {
    let userToken: { access_token: string; refresh_token: string };
    let agentToken = '';
    let exchanged = '';

    beforeAll(async () => {
      const session = body(await login(ALPHA, 'bjensen', BJENSEN_PASSWORD, correlated('audit-login'))).tokenId as string;
      const authorize = await http(oauth2('authorize'), {
        method: 'POST',
        headers: { Cookie: `iPlanetDirectoryPro=${session}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `scope=read&response_type=code&client_id=hr-client&csrf=${session}&redirect_uri=${CALLBACK}&decision=allow`,
      });
      const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
      const redeemed = await token({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: 'mySecret', code, redirect_uri: CALLBACK }, correlated('audit-code'));
      expect(redeemed.status).toBe(200);
      userToken = body(redeemed) as typeof userToken;
      agentToken = await cc('hr-agent', correlated('audit-actor'));
      const exchange = await token(
        { grant_type: TX, client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read', subject_token: userToken.access_token, subject_token_type: AT, actor_token: agentToken, actor_token_type: AT },
        correlated('audit-exchange'),
      );
      expect(exchange.status).toBe(200);
      exchanged = body(exchange).access_token as string;
    });

    it('records the exchange: subject, act chain, acting client, scopes, grant and its parents, correlation id', async () => {
      const [event] = await eventually(`subject eq "${bjensenId}" and event eq "token_exchanged"`);
      const [userGrant, actorGrant, newGrant] = [await grantOf(userToken.access_token), await grantOf(agentToken), await grantOf(exchanged)];
      expect(event).toEqual({
        _id: expect.stringMatching(UUID),
        time: expect.any(String),
        realm: '/alpha',
        event: 'token_exchanged',
        outcome: 'success',
        subject: bjensenId,
        actors: ['hr-agent'],
        client: 'hr-agent',
        audience: ['hr-agent'],
        scopes: ['read'],
        grantType: TX,
        authGrantId: newGrant,
        parentGrantIds: expect.arrayContaining([userGrant, actorGrant]),
        correlationId: 'audit-exchange',
      });
      expect(newGrant).toMatch(GRANT_ID);
      expect(Date.now() - Date.parse(event.time as string)).toBeLessThan(120_000);
    });

    it('records the login, the code redemption and the client-credentials token', async () => {
      const [loginEvent] = await eventually(`event eq "login" and correlationId eq "audit-login"`);
      expect(loginEvent).toMatchObject({ realm: '/alpha', event: 'login', outcome: 'success', subject: bjensenId, correlationId: 'audit-login' });
      const [code] = await eventually(`correlationId eq "audit-code"`);
      expect(code).toMatchObject({ event: 'token_issued', outcome: 'success', subject: bjensenId, client: 'hr-client', grantType: 'authorization_code', scopes: ['read'], actors: [] });
      const [actor] = await eventually(`correlationId eq "audit-actor"`);
      expect(actor).toMatchObject({ event: 'token_issued', subject: 'hr-agent', client: 'hr-agent', grantType: 'client_credentials', authGrantId: await grantOf(agentToken) });
    });

    it('records a refused exchange with the subject, the act chain it asked for and the parent grants', async () => {
      const refused = await token(
        { grant_type: TX, client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read nuke', subject_token: userToken.access_token, subject_token_type: AT, actor_token: agentToken, actor_token_type: AT },
        correlated('audit-refused-exchange'),
      );
      expect(refused.status).toBe(400);
      const [event] = await eventually('correlationId eq "audit-refused-exchange"');
      expect(event).toMatchObject({
        event: 'token_refused',
        outcome: 'failure',
        subject: bjensenId,
        actors: ['hr-agent'],
        client: 'hr-agent',
        grantType: TX,
        error: body(refused).error,
        parentGrantIds: expect.arrayContaining([await grantOf(userToken.access_token), await grantOf(agentToken)]),
      });
    });

    it('finds what an agent did with `actors co`', async () => {
      const events = await eventually('actors co "hr-agent"');
      expect(events.map((e) => e.correlationId)).toContain('audit-exchange');
      expect(events.every((e) => (e.actors as string[]).includes('hr-agent'))).toBe(true);
    });

    it('records the refresh and the revocation of a token', async () => {
      const refreshed = await token({ grant_type: 'refresh_token', client_id: 'hr-client', client_secret: 'mySecret', refresh_token: userToken.refresh_token }, correlated('audit-refresh'));
      expect(refreshed.status).toBe(200);
      const [refresh] = await eventually('correlationId eq "audit-refresh"');
      expect(refresh).toMatchObject({ event: 'token_refreshed', subject: bjensenId, client: 'hr-client', grantType: 'refresh_token', authGrantId: await grantOf(userToken.access_token) });

      const revoked = await http(oauth2('token/revoke'), formPost({ client_id: 'hr-agent', client_secret: 'mySecret', token: exchanged }, correlated('audit-revoke')));
      expect(revoked.status).toBe(200);
      const [revocation] = await eventually('correlationId eq "audit-revoke"');
      expect(revocation).toMatchObject({ event: 'token_revoked', outcome: 'success', subject: bjensenId, actors: ['hr-agent'], client: 'hr-agent', reason: 'access_token revoked by its client' });
    });
  });

  it('records a refused exchange with its error and its log-only reason, which the caller never saw', async () => {
    const refused = await token(
      { grant_type: TX, client_id: 'hr-agent', client_secret: 'mySecret', subject_token: 'not-a-token', subject_token_type: AT },
      correlated('audit-refused'),
    );
    expect(refused.json).toEqual({ error: 'invalid_request', error_description: 'Invalid token exchange.' });
    const [event] = await eventually('correlationId eq "audit-refused"');
    expect(event).toMatchObject({ event: 'token_refused', outcome: 'failure', client: 'hr-agent', grantType: TX, error: 'invalid_request' });
    expect(typeof event.reason).toBe('string');
    expect(event.reason).not.toBe('Invalid token exchange.');
  });

  it('records logout, lockout and admin changes', async () => {
    const create = await http(json('users?_action=create'), { method: 'POST', headers: adminHeaders('protocol=2.1,resource=3.0'), body: JSON.stringify({ username: 'audit-lock', userpassword: 'Audit-pa55word' }) });
    expect(create.status).toBe(201);
    const userId = body(create)._id as string;
    const [created] = await eventually(`event eq "admin_change" and resource eq "users/audit-lock"`);
    expect(created).toMatchObject({ realm: '/alpha', outcome: 'success', operation: 'create', subject: expect.stringMatching(UUID) });

    for (let i = 0; i < 5; i++) expect((await login(ALPHA, 'audit-lock', 'Wr0ng-pa55word')).status).toBe(401);
    const [lockout] = await eventually(`event eq "lockout" and subject eq "${userId}"`);
    expect(lockout).toMatchObject({ realm: '/alpha', outcome: 'success' });
    expect(await eventually(`event eq "login" and subject eq "${userId}" and outcome eq "failure"`, 5)).toHaveLength(5);

    await putAgent('audit-agent');
    const [agentChange] = await eventually('resource eq "realm-config/agents/AIAgent/audit-agent"');
    expect(agentChange).toMatchObject({ event: 'admin_change', operation: 'create', subject: created.subject });

    const rotated = await http(json('realm-config/keys?_action=rotate'), { method: 'POST', headers: adminHeaders('resource=1.0'), body: '{}' });
    expect(rotated.status).toBe(200);
    const [rotation] = await eventually(`resource eq "realm-config/keys/${body(rotated).kid as string}"`);
    expect(rotation).toMatchObject({ event: 'admin_change', operation: 'create', subject: created.subject });

    const session = body(await login(ALPHA, 'bjensen', BJENSEN_PASSWORD)).tokenId as string;
    const logout = await http(`${stack!.baseUrl}/json${ALPHA}/sessions?_action=logout`, {
      method: 'POST',
      headers: { iPlanetDirectoryPro: session, 'Accept-API-Version': 'resource=3.1, protocol=1.0', ...correlated('audit-logout') },
    });
    expect(logout.status).toBe(200);
    const [loggedOut] = await eventually('correlationId eq "audit-logout"');
    expect(loggedOut).toMatchObject({ realm: '/alpha', event: 'logout', subject: bjensenId });
  });

  it('records dynamic client registrations and their refusals, never the metadata or the secret', async () => {
    const register = (metadata: Json) => http(oauth2('register'), { method: 'POST', headers: { 'Content-Type': 'application/json', ...correlated('audit-dcr') }, body: JSON.stringify(metadata) });
    const registered = await register({ redirect_uris: ['https://rp.example.com/cb'], scope: 'read', client_name: 'audited-rp' });
    expect(registered.status).toBe(201);
    const clientId = body(registered).client_id as string;
    for (const key of ['client_secret', 'registration_access_token']) if (typeof body(registered)[key] === 'string') secrets.add(body(registered)[key] as string);
    const [event] = await eventually(`event eq "client_registered" and client eq "${clientId}"`);
    expect(event).toMatchObject({ realm: '/alpha', outcome: 'success', scopes: ['read'], resource: `register?client_id=${clientId}`, correlationId: 'audit-dcr' });
    expect(JSON.stringify(event)).not.toContain('audited-rp');

    const refused = await register({ redirect_uris: ['file:///etc/passwd'] });
    expect(refused.status).toBe(400);
    const [refusal] = await eventually(`event eq "client_registered" and outcome eq "failure" and error eq "${body(refused).error as string}"`);
    expect(refusal).toMatchObject({ realm: '/alpha', resource: 'register', reason: expect.any(String) });
  });

  it('filters by time range, pages with the cookie and sorts by _sortKeys', async () => {
    await putAgent('audit-pager');
    const start = new Date().toISOString();
    for (let i = 0; i < 7; i++) await cc('audit-pager', correlated(`audit-page-${i}`));
    const filter = 'client eq "audit-pager" and event eq "token_issued"';
    const all = await eventually(filter, 7);
    expect(all.map((e) => e.correlationId)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `audit-page-${i}`));

    const pages: Json[][] = [];
    let cookie: string | null = '';
    while (cookie !== null) {
      const res = await audit({ _queryFilter: filter, _pageSize: '3', ...(cookie ? { _pagedResultsCookie: cookie } : {}) });
      expect(res.status).toBe(200);
      expect(body(res)).toMatchObject({ resultCount: (body(res).result as Json[]).length, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 });
      pages.push(body(res).result as Json[]);
      cookie = body(res).pagedResultsCookie as string | null;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((e) => e._id)).toEqual(all.map((e) => e._id));

    const newest = await audit({ _queryFilter: filter, _sortKeys: '-time', _pageSize: '2' });
    expect((body(newest).result as Json[]).map((e) => e.correlationId)).toEqual(['audit-page-6', 'audit-page-5']);
    const next = await audit({ _queryFilter: filter, _sortKeys: '-time', _pageSize: '2', _pagedResultsCookie: body(newest).pagedResultsCookie as string });
    expect((body(next).result as Json[]).map((e) => e.correlationId)).toEqual(['audit-page-4', 'audit-page-3']);

    const third = all[2].time as string;
    const range = await audit({ _queryFilter: `${filter} and time ge "${third}" and time le "${all[5].time as string}"`, _pageSize: '100' });
    expect((body(range).result as Json[]).map((e) => e.correlationId)).toEqual(['audit-page-2', 'audit-page-3', 'audit-page-4', 'audit-page-5']);
    expect(((await audit({ _queryFilter: `${filter} and time lt "${start}"` })).json as Json).resultCount).toBe(0);
  });

  it('answers admins only, in CREST shape, and refuses a bad query with 400', async () => {
    const none = await audit({ _queryFilter: 'true' }, {});
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ code: 401, reason: 'Unauthorized', message: 'Access Denied' });
    const user = body(await login(ALPHA, 'bjensen', BJENSEN_PASSWORD)).tokenId as string;
    const forbidden = await audit({ _queryFilter: 'true' }, { iPlanetDirectoryPro: user });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ code: 403, reason: 'Forbidden', message: 'User, bjensen, not authorized.' });

    const bad = await audit({ _queryFilter: 'subject eq' });
    expect(bad.status).toBe(400);
    expect(body(bad)).toMatchObject({ code: 400, reason: 'Bad Request' });
    expect((await audit({})).status).toBe(400);
    expect((await audit({ _queryFilter: 'true', _sortKeys: 'password' })).status).toBe(400);
    expect((await audit({ _queryFilter: 'true', _pagedResultsCookie: 'garbage' })).status).toBe(400);
    expect((await audit({ _queryFilter: 'true', _pageSize: '-1' })).status).toBe(400);
  });

  /** Events waiting in token-service's outbox. */
  const waiting = async () => {
    const db = new Client({ connectionString: infra!.postgres!.url });
    await db.connect();
    try {
      return Number((await db.query('SELECT count(*) AS n FROM token.audit_outbox')).rows[0].n);
    } finally {
      await db.end();
    }
  };

  it('keeps every event when the audit store is killed while tokens are issued, and delivers them when it is back', async () => {
    await putAgent('audit-durable');
    const store = stack!.services.get('introspection-service')!;
    const issued: string[] = [];
    const issue = async (n: number) => {
      const id = `audit-durable-${issued.length}`;
      issued.push(id);
      await cc('audit-durable', correlated(id));
      return n;
    };
    for (let i = 0; i < 5; i++) await issue(i);
    // Mid-stream: a burst in flight while the store dies without a chance to finish anything.
    const burst = Promise.all(Array.from({ length: 10 }, (_, i) => issue(i)));
    await store.stop('SIGKILL');
    await burst;
    for (let i = 0; i < 10; i++) await issue(i); // token-service keeps issuing; its outbox keeps the events
    expect((await audit({ _queryFilter: 'true' })).status).toBe(503);
    expect(await waiting()).toBeGreaterThanOrEqual(10); // at least the events issued after the kill

    store.start();
    await store.waitReady();
    for (let i = 0; i < 5; i++) await issue(i);
    const found = await eventually('client eq "audit-durable" and event eq "token_issued"', issued.length, 30_000);
    expect(await waiting()).toBe(0);
    expect(found.map((e) => e.correlationId as string).sort()).toEqual([...issued].sort());
    expect(new Set(found.map((e) => e._id)).size).toBe(issued.length);
  });

  it('stores no token, secret or password in any row of the trail or of an outbox', async () => {
    const db = new Client({ connectionString: infra!.postgres!.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT row_to_json(e)::text AS text FROM introspection.audit_events e
         UNION ALL SELECT event::text FROM token.audit_outbox
         UNION ALL SELECT event::text FROM authn.audit_outbox
         UNION ALL SELECT event::text FROM registration.audit_outbox`,
      );
      expect(rows.length).toBeGreaterThan(20);
      const leaked = [...secrets].filter((secret) => rows.some((row: { text: string }) => row.text.includes(secret)));
      expect(leaked).toEqual([]);
    } finally {
      await db.end();
    }
  });
});

// `npm start`'s mode: every service in one process on the in-process bus, embedded Postgres.
describe('the audit trail (embedded)', () => {
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    stack = await startMandate({ mode: 'embedded', env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('records a client-credentials token and answers it to amadmin', async () => {
    const login = await http(`${stack!.baseUrl}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    const admin = (login.json as { tokenId: string }).tokenId;
    const issued = await http(
      `${stack!.baseUrl}/oauth2${ALPHA}/access_token`,
      formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }, { 'x-correlation-id': 'audit-embedded' }),
    );
    expect(issued.status).toBe(200);
    const url = `${stack!.baseUrl}/json${ALPHA}/audit?${new URLSearchParams({ _queryFilter: 'correlationId eq "audit-embedded"' }).toString()}`;
    let result: Json[] = [];
    for (let i = 0; i < 100 && result.length === 0; i++) {
      const res = await http(url, { headers: { iPlanetDirectoryPro: admin } });
      expect(res.status).toBe(200);
      result = (res.json as { result: Json[] }).result;
      if (!result.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(result).toEqual([
      expect.objectContaining({ realm: '/alpha', event: 'token_issued', outcome: 'success', subject: 'hr-agent', client: 'hr-agent', grantType: 'client_credentials', scopes: ['read'] }),
    ]);
  });
});
