import { type Infra, type MandateStack, type WireResponse, http, startInfra, startMandate } from '@mandate/testing';
import { ADMIN_PASSWORD } from './support/demo-stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOGIN_FAILURE = { code: 401, reason: 'Unauthorized', message: 'Login failure', detail: { failureUrl: '' } };
const ACCESS_DENIED = { code: 401, reason: 'Unauthorized', message: 'Access Denied' };
const EMPTY_QUERY = { pagedResultsCookie: null, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 };

// Identities and sessions (contract §1–2, am-spec §2, §14) through the gateway, distributed over NATS on real Postgres.
describe('identities and sessions through the gateway (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let admin = '';

  const json = (path: string) => `${stack!.baseUrl}/json${path}`;
  const alpha = (path: string) => json(`/realms/root/realms/alpha${path}`);

  /** Zero-page login exactly as seed 000 sends it. */
  const login = (realmPath: string, username: string, password: string, extra: Record<string, string> = {}) =>
    http(json(`${realmPath}/authenticate`), {
      method: 'POST',
      headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0', ...extra },
    });
  const tokenOf = (res: WireResponse) => (res.json as { tokenId: string }).tokenId;

  const asAdmin = (token = admin) => ({ iPlanetDirectoryPro: token, 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=2.1,resource=3.0' });
  const createUser = (body: Record<string, unknown>, token = admin) =>
    http(alpha('/users?_action=create'), { method: 'POST', headers: asAdmin(token), body: JSON.stringify(body) });

  beforeAll(async () => {
    infra = await startInfra();
    stack = await startMandate({ mode: 'distributed', infra, env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, LOGIN_LOCKOUT_DURATION_MINUTES: '0.05' } });
    const res = await login('/realms/root', 'amadmin', ADMIN_PASSWORD, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    admin = tokenOf(res);
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  describe('an AM admin’s provisioning script', () => {
    it('creates a user, signs it in, reads it with its own token and logs it out, unchanged', async () => {
      const adminLogin = await http(json('/realms/root/authenticate'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
      });
      expect(adminLogin.status).toBe(200);
      expect(adminLogin.json).toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/' });

      const created = await http(alpha('/users?_action=create'), {
        method: 'POST',
        headers: { iPlanetDirectoryPro: tokenOf(adminLogin), 'Content-Type': 'application/json', 'Accept-API-Version': 'protocol=2.1,resource=3.0' },
        body: JSON.stringify({ username: 'bjensen', userpassword: 'Ch4ng31t', mail: 'bjensen@example.com', givenName: 'Babs', sn: 'Jensen', cn: 'Babs Jensen' }),
      });
      expect(created.status).toBe(201);
      const profile = {
        _id: expect.stringMatching(UUID),
        _rev: '1',
        username: 'bjensen',
        realm: '/alpha',
        mail: 'bjensen@example.com',
        givenName: 'Babs',
        sn: 'Jensen',
        cn: 'Babs Jensen',
      };
      expect(created.json).toEqual(profile);
      expect(created.text).not.toContain('Ch4ng31t');
      expect(created.text).not.toContain('userpassword');

      // seed 000, step 1
      const userLogin = await http(json('/realms/root/realms/alpha/authenticate'), {
        method: 'POST',
        headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
      });
      expect(userLogin.status).toBe(200);
      expect(userLogin.json).toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/alpha' });
      const userToken = tokenOf(userLogin);
      expect(userToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(userLogin.headers.get('set-cookie')).toBe(`iPlanetDirectoryPro=${userToken}; Path=/; HttpOnly; SameSite=Lax`);

      const self = await http(alpha('/users/bjensen'), { headers: { iPlanetDirectoryPro: userToken, 'Accept-API-Version': 'protocol=2.1,resource=3.0' } });
      expect(self.status).toBe(200);
      expect(self.json).toEqual({ ...profile, _id: (created.json as { _id: string })._id });

      const logout = await http(alpha('/sessions/?_action=logout'), {
        method: 'POST',
        headers: { 'Content-type': 'application/json', iPlanetDirectoryPro: userToken, 'Accept-API-Version': 'resource=3.1, protocol=1.0' },
      });
      expect(logout.status).toBe(200);
      expect(logout.json).toEqual({ result: 'Successfully logged out' });
      expect(logout.headers.get('set-cookie')).toMatch(/^iPlanetDirectoryPro=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);

      const after = await http(alpha('/users/bjensen'), { headers: { iPlanetDirectoryPro: userToken } });
      expect(after.status).toBe(401);
      expect(after.json).toEqual(ACCESS_DENIED);
    });
  });

  describe('users', () => {
    it('answers 409 to a second create of the same username, in any case', async () => {
      expect((await createUser({ username: 'dup', userpassword: 'pw-12345' })).status).toBe(201);
      const again = await createUser({ username: 'DUP', userpassword: 'other-123' });
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ code: 409, reason: 'Conflict', message: 'Identity DUP already exists' });
    });

    it('lets exactly one of two parallel creates of one username succeed: one 201, one 409', async () => {
      const results = await Promise.all([createUser({ username: 'twin', userpassword: 'pw-12345' }), createUser({ username: 'twin', userpassword: 'pw-67890' })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('refuses a create without a token (401), with a user’s token (403), and with a bad body (400)', async () => {
      const none = await http(alpha('/users?_action=create'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"x1"}' });
      expect(none.status).toBe(401);
      expect(none.json).toEqual(ACCESS_DENIED);
      expect(none.headers.get('cache-control')).toBe('no-store');

      await createUser({ username: 'plain', userpassword: 'plain-pw1' });
      const plain = tokenOf(await login('/realms/root/realms/alpha', 'plain', 'plain-pw1'));
      const forbidden = await createUser({ username: 'x2' }, plain);
      expect(forbidden.status).toBe(403);
      expect(forbidden.json).toEqual({ code: 403, reason: 'Forbidden', message: 'User, plain, not authorized.' });

      const noName = await createUser({ mail: 'x@example.com' });
      expect(noName.status).toBe(400);
      expect(noName.json).toEqual({ code: 400, reason: 'Bad Request', message: 'username is required' });
      const array = await http(alpha('/users?_action=create'), { method: 'POST', headers: asAdmin(), body: '[]' });
      expect(array.json).toEqual({ code: 400, reason: 'Bad Request', message: 'The request body must be a JSON object' });
    });

    it('also reads a user by its _id, and answers 404 for a missing one', async () => {
      const id = ((await createUser({ username: 'byid', userpassword: 'pw-12345' })).json as { _id: string })._id;
      expect(((await http(alpha(`/users/${id}`), { headers: asAdmin() })).json as { username: string }).username).toBe('byid');
      const missing = await http(alpha('/users/nobody'), { headers: asAdmin() });
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ code: 404, reason: 'Not Found', message: 'Identity nobody not found' });
    });

    it('forbids a user to read another user’s profile (403) but lets amadmin read it', async () => {
      await createUser({ username: 'reader', userpassword: 'reader-pw' });
      await createUser({ username: 'other', userpassword: 'other-pw1' });
      const reader = tokenOf(await login('/realms/root/realms/alpha', 'reader', 'reader-pw'));
      const res = await http(alpha('/users/other'), { headers: { iPlanetDirectoryPro: reader } });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ code: 403, reason: 'Forbidden', message: 'User, reader, not authorized.' });
      const missing = await http(alpha('/users/ghost'), { headers: { iPlanetDirectoryPro: reader } });
      expect(missing.status).toBe(403);
    });

    it('reads with the SSO token from the iPlanetDirectoryPro cookie as well as the header', async () => {
      const res = await http(json('/realms/root/realms/alpha/users/bjensen'), { headers: { cookie: `iPlanetDirectoryPro=${admin}` } });
      expect(res.status).toBe(200);
    });

    it('replaces a user’s attributes with PUT, changes the password, and bumps _rev', async () => {
      await createUser({ username: 'mover', userpassword: 'old-pass1', mail: 'old@example.com', sn: 'Old' });
      const put = await http(alpha('/users/mover'), {
        method: 'PUT',
        headers: { ...asAdmin(), 'If-Match': '*' },
        body: JSON.stringify({ username: 'mover', userpassword: 'new-pass1', mail: 'new@example.com' }),
      });
      expect(put.status).toBe(200);
      expect(put.json).toEqual({ _id: expect.stringMatching(UUID), _rev: '2', username: 'mover', realm: '/alpha', mail: 'new@example.com' });
      expect((await login('/realms/root/realms/alpha', 'mover', 'old-pass1')).status).toBe(401);
      expect((await login('/realms/root/realms/alpha', 'mover', 'new-pass1')).status).toBe(200);

      const stale = await http(alpha('/users/mover'), { method: 'PUT', headers: { ...asAdmin(), 'If-Match': '1' }, body: '{"sn":"X"}' });
      expect(stale.status).toBe(412);
      expect(stale.json).toEqual({ code: 412, reason: 'Precondition Failed', message: 'The resource revision does not match If-Match' });
      const missing = await http(alpha('/users/ghost'), { method: 'PUT', headers: asAdmin(), body: '{}' });
      expect(missing.status).toBe(404);
    });

    it('creates with PUT and If-None-Match: * (201), and answers 409 when the user exists', async () => {
      const put = () => http(alpha('/users/putnew'), { method: 'PUT', headers: { ...asAdmin(), 'If-None-Match': '*' }, body: JSON.stringify({ userpassword: 'pw-12345' }) });
      const first = await put();
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ username: 'putnew', _rev: '1' });
      expect((await put()).status).toBe(409);
    });

    it('deletes a user, answering the deleted profile, and ends its sessions', async () => {
      await createUser({ username: 'leaver', userpassword: 'leaver-pw', mail: 'l@example.com' });
      const token = tokenOf(await login('/realms/root/realms/alpha', 'leaver', 'leaver-pw'));
      const del = await http(alpha('/users/leaver'), { method: 'DELETE', headers: asAdmin() });
      expect(del.status).toBe(200);
      expect(del.json).toEqual({ _id: expect.stringMatching(UUID), _rev: '1', username: 'leaver', realm: '/alpha', mail: 'l@example.com' });
      expect((await http(alpha('/users/leaver'), { headers: asAdmin() })).status).toBe(404);
      expect((await http(alpha('/users/leaver'), { method: 'DELETE', headers: asAdmin() })).status).toBe(404);
      const check = await http(json('/realms/root/sessions?_action=validate'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tokenId: token }) });
      expect(check.json).toEqual({ valid: false });
    });

    it('refuses to delete amadmin', async () => {
      const res = await http(json('/realms/root/users/amadmin'), { method: 'DELETE', headers: asAdmin() });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ code: 403, reason: 'Forbidden', message: 'amadmin cannot be deleted' });
    });

    it('queries with _queryFilter=true and username eq "x" (with or without the slash)', async () => {
      const query = (filter: string) => http(alpha(`/users?_queryFilter=${encodeURIComponent(filter)}`), { headers: asAdmin() });
      const all = await query('true');
      expect(all.status).toBe(200);
      const names = (all.json as { result: Array<{ username: string }> }).result.map((u) => u.username);
      expect(names).toEqual(expect.arrayContaining(['bjensen', 'dup', 'twin']));
      expect(all.json).toMatchObject({ ...EMPTY_QUERY, resultCount: names.length });
      expect(all.text).not.toContain('userpassword');

      for (const filter of ['username eq "bjensen"', '/username eq "bjensen"']) {
        const one = await query(filter);
        expect(one.json).toEqual({ ...EMPTY_QUERY, resultCount: 1, result: [expect.objectContaining({ username: 'bjensen', mail: 'bjensen@example.com' })] });
      }
      const either = await query('username eq "bjensen" or username eq "dup"');
      expect((either.json as { resultCount: number }).resultCount).toBe(2);
      expect((await query('username eq "nobody"')).json).toEqual({ ...EMPTY_QUERY, result: [], resultCount: 0 });

      const bad = await query('username ~ "x"');
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({ code: 400, reason: 'Bad Request', message: `Invalid query filter 'username ~ "x"'` });
      const none = await http(alpha('/users'), { headers: asAdmin() });
      expect(none.json).toEqual({ code: 400, reason: 'Bad Request', message: '_queryFilter is required' });
      expect((await http(alpha('/users?_queryFilter=true'))).status).toBe(401);
    });

    it('keeps users per realm', async () => {
      expect((await http(json('/realms/root/users/bjensen'), { headers: asAdmin() })).status).toBe(404);
      expect((await login('/realms/root', 'bjensen', 'Ch4ng31t')).status).toBe(401);
    });

    it('answers 404 for an unknown realm', async () => {
      const res = await http(json('/realms/root/realms/nope/users?_action=create'), { method: 'POST', headers: asAdmin(), body: '{"username":"x"}' });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
      expect((await login('/realms/root/realms/nope', 'bjensen', 'Ch4ng31t')).json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
    });
  });

  describe('groups', () => {
    it('creates a group with uniqueMember, reads, queries, replaces and deletes it', async () => {
      await createUser({ username: 'g-alice', userpassword: 'alice-pw1' });
      await createUser({ username: 'g-bob', userpassword: 'bob-pw123' });
      const created = await http(alpha('/groups?_action=create'), { method: 'POST', headers: asAdmin(), body: JSON.stringify({ username: 'hr', uniqueMember: ['g-bob', 'g-alice'] }) });
      expect(created.status).toBe(201);
      expect(created.json).toEqual({ _id: 'hr', _rev: '1', username: 'hr', realm: '/alpha', uniqueMember: ['g-alice', 'g-bob'] });
      expect((await http(alpha('/groups?_action=create'), { method: 'POST', headers: asAdmin(), body: '{"username":"hr"}' })).status).toBe(409);

      expect((await http(alpha('/groups/hr'), { headers: asAdmin() })).json).toEqual(created.json);
      const query = await http(alpha(`/groups?_queryFilter=${encodeURIComponent('username eq "hr"')}`), { headers: asAdmin() });
      expect(query.json).toEqual({ ...EMPTY_QUERY, resultCount: 1, result: [created.json] });

      const put = await http(alpha('/groups/hr'), { method: 'PUT', headers: asAdmin(), body: JSON.stringify({ username: 'hr', members: { uniqueMember: ['g-alice'] } }) });
      expect(put.json).toEqual({ _id: 'hr', _rev: '2', username: 'hr', realm: '/alpha', uniqueMember: ['g-alice'] });
      const unknown = await http(alpha('/groups/hr'), { method: 'PUT', headers: asAdmin(), body: JSON.stringify({ uniqueMember: ['nobody'] }) });
      expect(unknown.json).toEqual({ code: 400, reason: 'Bad Request', message: 'Unknown member: nobody' });

      const del = await http(alpha('/groups/hr'), { method: 'DELETE', headers: asAdmin() });
      expect(del.json).toEqual(put.json);
      expect((await http(alpha('/groups/hr'), { headers: asAdmin() })).status).toBe(404);
    });

    it('is for administrators only', async () => {
      expect((await http(alpha('/groups?_queryFilter=true'))).json).toEqual(ACCESS_DENIED);
      const user = tokenOf(await login('/realms/root/realms/alpha', 'g-alice', 'alice-pw1'));
      expect((await http(alpha('/groups?_queryFilter=true'), { headers: { iPlanetDirectoryPro: user } })).status).toBe(403);
    });
  });

  describe('authenticate', () => {
    it('answers the same 401 Login failure for an unknown user and a wrong password, in about the same time', async () => {
      await createUser({ username: 'timed', userpassword: 'timed-pw1' });
      const unknown: WireResponse[] = [];
      const wrong: WireResponse[] = [];
      for (let i = 0; i < 4; i++) {
        unknown.push(await login('/realms/root/realms/alpha', `ghost-${i}`, 'whatever'));
        wrong.push(await login('/realms/root/realms/alpha', 'timed', `wrong-${i}`));
      }
      for (const res of [...unknown, ...wrong]) {
        expect(res.status).toBe(401);
        expect(res.json).toEqual(LOGIN_FAILURE);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      const median = (rs: WireResponse[]) => rs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
      expect(Math.abs(median(unknown) - median(wrong))).toBeLessThan(Math.max(40, median(wrong) * 0.5));
    });

    it('decodes RFC 2047 encoded UTF-8 usernames and passwords', async () => {
      await createUser({ username: 'jürgen', userpassword: 'pässwörd€' });
      const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
      expect((await login('/realms/root/realms/alpha', b64('jürgen'), b64('pässwörd€'))).status).toBe(200);
      expect((await login('/realms/root/realms/alpha', '=?UTF-8?Q?j=C3=BCrgen?=', b64('pässwörd€'))).status).toBe(200);
    });

    it('serves the callback form: an empty POST answers NameCallback and PasswordCallback, the filled JSON answers the token', async () => {
      const start = await http(alpha('/authenticate'), { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=2.0, protocol=1.0' } });
      expect(start.status).toBe(200);
      const step = start.json as { authId: string; callbacks: Array<{ input: Array<{ name: string; value: string }> }> };
      expect(step).toEqual({
        authId: expect.any(String),
        template: '',
        stage: 'DataStore1',
        header: 'Sign in',
        callbacks: [
          { type: 'NameCallback', output: [{ name: 'prompt', value: ' User Name: ' }], input: [{ name: 'IDToken1', value: '' }] },
          { type: 'PasswordCallback', output: [{ name: 'prompt', value: ' Password: ' }], input: [{ name: 'IDToken2', value: '' }] },
        ],
      });
      expect(start.headers.get('set-cookie')).toBeNull();
      expect((await http(alpha('/authenticate'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json).toMatchObject({ stage: 'DataStore1' });

      step.callbacks[0].input[0].value = 'bjensen';
      step.callbacks[1].input[0].value = 'Ch4ng31t';
      const done = await http(alpha('/authenticate'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(step) });
      expect(done.status).toBe(200);
      expect(done.json).toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/alpha' });
      expect(done.headers.get('set-cookie')).toContain(`iPlanetDirectoryPro=${tokenOf(done)}; Path=/; HttpOnly; SameSite=Lax`);

      step.callbacks[1].input[0].value = 'wrong';
      const failed = await http(alpha('/authenticate'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(step) });
      expect(failed.status).toBe(401);
      expect(failed.json).toEqual(LOGIN_FAILURE);
    });

    it('locks an account after 5 failures in 5 minutes with the same 401 and an audit event, until the lockout ends', async () => {
      await createUser({ username: 'target', userpassword: 'target-pw1' });
      for (let i = 0; i < 5; i++) expect((await login('/realms/root/realms/alpha', 'target', `guess-${i}`)).status).toBe(401);
      const refused = await login('/realms/root/realms/alpha', 'target', 'target-pw1');
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual(LOGIN_FAILURE);
      const authn = stack!.services.get('authn-service')!;
      expect(authn.output.toString()).toMatch(/"audit":"authn\.lockout","realm":"\/alpha","username":"target"/);
      expect(authn.output.toString()).not.toContain('guess-');

      await new Promise((r) => setTimeout(r, 3_500)); // LOGIN_LOCKOUT_DURATION_MINUTES=0.05
      expect((await login('/realms/root/realms/alpha', 'target', 'target-pw1')).status).toBe(200);
    });

    it('resets the failure count on a successful login', async () => {
      await createUser({ username: 'forgetful', userpassword: 'forget-pw1' });
      for (let i = 0; i < 4; i++) await login('/realms/root/realms/alpha', 'forgetful', `nope-${i}`);
      expect((await login('/realms/root/realms/alpha', 'forgetful', 'forget-pw1')).status).toBe(200);
      for (let i = 0; i < 4; i++) await login('/realms/root/realms/alpha', 'forgetful', `nope-${i}`);
      expect((await login('/realms/root/realms/alpha', 'forgetful', 'forget-pw1')).status).toBe(200);
    });

    it('refuses a login with only one of the two headers', async () => {
      const res = await http(alpha('/authenticate'), { method: 'POST', headers: { 'X-OpenAM-Username': 'bjensen' } });
      expect(res.status).toBe(401);
      expect(res.json).toEqual(LOGIN_FAILURE);
    });
  });

  describe('sessions', () => {
    it('validates a live token from the header or the body, and reports a dead one as invalid', async () => {
      const token = tokenOf(await login('/realms/root/realms/alpha', 'bjensen', 'Ch4ng31t'));
      const fromHeader = await http(json('/realms/root/realms/alpha/sessions?_action=validate'), { method: 'POST', headers: { iPlanetDirectoryPro: token, 'Content-Type': 'application/json' } });
      expect(fromHeader.status).toBe(200);
      expect(fromHeader.json).toEqual({ valid: true, sessionUid: expect.stringMatching(UUID), uid: 'bjensen', realm: '/alpha' });
      const fromBody = await http(json('/realms/root/sessions/?_action=validate'), {
        method: 'POST',
        headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tokenId: token }),
      });
      expect(fromBody.json).toEqual(fromHeader.json);
      const dead = await http(json('/realms/root/sessions?_action=validate'), { method: 'POST', headers: { iPlanetDirectoryPro: 'not-a-session' } });
      expect(dead.json).toEqual({ valid: false });
    });

    it('answers 401 to a logout without a live session, and 501 to an unknown action', async () => {
      const none = await http(alpha('/sessions?_action=logout'), { method: 'POST' });
      expect(none.status).toBe(401);
      expect(none.json).toEqual(ACCESS_DENIED);
      const dead = await http(alpha('/sessions?_action=logout'), { method: 'POST', headers: { iPlanetDirectoryPro: 'not-a-session' } });
      expect(dead.status).toBe(401);
      const odd = await http(alpha('/sessions?_action=dance'), { method: 'POST', headers: { iPlanetDirectoryPro: admin } });
      expect(odd.status).toBe(501);
      expect(odd.json).toEqual({ code: 501, reason: 'Not Implemented', message: 'Action dance not supported' });
    });

    it('logs out with the cookie a browser carries', async () => {
      const token = tokenOf(await login('/realms/root/realms/alpha', 'bjensen', 'Ch4ng31t'));
      const res = await http(alpha('/sessions?_action=logout'), { method: 'POST', headers: { cookie: `iPlanetDirectoryPro=${token}` } });
      expect(res.json).toEqual({ result: 'Successfully logged out' });
    });
  });
});
