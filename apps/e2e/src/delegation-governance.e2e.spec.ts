import { type WireResponse, http } from '@mandate/testing';
import { ALPHA, ACCESS_TOKEN_TYPE as AT, type DemoStack, TOKEN_EXCHANGE as TX, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 20 items 2-5, black-box through the gateway on the distributed stack: the lineage of
// delegated grants and its revocation, a user's and an agent's delegations, the kill switches
// (an agent set Inactive or deleted, an application policy deleted, a user's tokens revoked),
// agent owners, and the exchange rules of contract §3.3/§3.6. A kill switch is measured by
// polling introspection until the token is inactive, with a 1 s deadline and no sleep.

type Json = Record<string, unknown>;
/** The agents of this spec may act for one another, as themselves; gov-e only by its application policy. */
const GOV_MAY_ACT = `(function () {
  token.setMayAct({ client_id: ['gov-a', 'gov-b', 'gov-c', 'gov-d', 'gov-owned'],
    sub: ['(age!gov-a)', '(age!gov-b)', '(age!gov-c)', '(age!gov-d)', '(age!gov-owned)'] });
}());`;
const FORBIDDEN = (user: string) => ({ code: 403, reason: 'Forbidden', message: `User, ${user}, not authorized.` });
const KILL_DEADLINE_MS = 1_000;
/** config/demo.json's provider settings, with the logout switch. */
const demoProvider = (revokeTokensOnLogout: boolean) => ({
  advancedOAuth2Config: { grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TX], supportedScopes: ['read', 'write'], revokeTokensOnLogout },
  clientDynamicRegistrationConfig: {
    allowDynamicRegistration: true,
    dynamicClientRegistrationScript: 'Software agent DCR script',
    dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials', TX],
  },
});

describe('delegation governance through the gateway (distributed)', () => {
  let demo: DemoStack;
  let bjensenId = '';
  let bjensenSession = '';
  let otherSession = '';
  let ownerSession = '';

  const json = (path: string) => `${demo.stack.baseUrl}/json${ALPHA}/${path}`;
  const body = (res: WireResponse) => res.json as Json;
  const adminHeaders = (version = 'resource=2.0') => ({ iPlanetDirectoryPro: demo.admin, 'Content-Type': 'application/json', 'Accept-API-Version': version });
  const as = (session: string) => ({ iPlanetDirectoryPro: session, 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=2.0' });
  const put = async (url: string, payload: unknown, version?: string) => {
    const res = await http(url, { method: 'PUT', headers: adminHeaders(version), body: JSON.stringify(payload) });
    expect([200, 201]).toContain(res.status);
  };
  const agent = (scopes: string[], extra: Json = {}) => ({
    ...extra,
    coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes, ...(extra.coreOAuth2ClientConfig as Json | undefined) },
    overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: 'gov may act' },
    advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', TX, 'refresh_token'], ...(extra.advancedOAuth2ClientConfig as Json | undefined) },
  });
  const putAgent = (id: string, config: Json) => put(json(`realm-config/agents/AIAgent/${id}`), config);
  const token = (fields: Record<string, string | string[]>) => http(demo.oauth2('access_token'), formPost(fields));
  const cc = async (clientId: string) => {
    const res = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'mySecret', scope: 'read' });
    expect(res.status).toBe(200);
    return body(res).access_token as string;
  };
  const userToken = async (username = 'bjensen', password = 'Ch4ng31t') => {
    const res = await token({ grant_type: 'password', client_id: 'gov-web', client_secret: 'mySecret', username, password, scope: 'read' });
    expect(res.status).toBe(200);
    return body(res) as { access_token: string; refresh_token: string };
  };
  /** The audit events matching a CREST filter, once there (delivery is asynchronous). */
  const auditEvents = async (filter: string): Promise<Json[]> => {
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const res = await http(`${json('audit')}?${new URLSearchParams({ _queryFilter: filter }).toString()}`, { headers: adminHeaders() });
      const found = res.status === 200 ? ((res.json as { result: Json[] }).result ?? []) : [];
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no audit event for ${filter}`);
  };
  const delegate = (clientId: string, subject: string, actor: string, scope = 'read') =>
    token({ grant_type: TX, client_id: clientId, client_secret: 'mySecret', subject_token: subject, subject_token_type: AT, actor_token: actor, actor_token_type: AT, scope });
  /** `clientId` acts for the subject token with its own client-credentials token as actor token. */
  const delegated = async (clientId: string, subject: string) => {
    const res = await delegate(clientId, subject, await cc(clientId));
    expect(res.status).toBe(200);
    return body(res) as { access_token: string; refresh_token?: string };
  };
  /** RFC 7662 through the gateway, as the realm's introspecting resource server. */
  const introspect = async (value: string) => {
    const res = await http(demo.oauth2('introspect'), formPost({ token: value }, basicAuth('gov-rs', 'mySecret')));
    expect(res.status).toBe(200);
    return body(res);
  };
  /** Polls introspection until every token is inactive; fails past the deadline, counted from now. */
  const allInactiveWithin = async (values: string[], deadlineMs = KILL_DEADLINE_MS) => {
    const start = Date.now();
    for (;;) {
      const states = await Promise.all(values.map(async (value) => (await introspect(value)).active));
      if (states.every((active) => active === false)) return Date.now() - start;
      if (Date.now() - start > deadlineMs) throw new Error(`still active after ${deadlineMs} ms: ${JSON.stringify(states)}`);
    }
  };
  const signIn = async (username: string, password: string) => {
    const res = await http(json('authenticate'), {
      method: 'POST',
      headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(res.status).toBe(200);
    return (res.json as { tokenId: string }).tokenId;
  };
  const createUser = async (username: string, userpassword: string) => {
    const res = await http(json('users?_action=create'), { method: 'POST', headers: adminHeaders('protocol=2.1,resource=3.0'), body: JSON.stringify({ username, userpassword }) });
    expect(res.status).toBe(201);
    return (res.json as { _id: string })._id;
  };

  beforeAll(async () => {
    demo = await startDemoStack();
    const script = await http(json('scripts?_action=create'), {
      method: 'POST',
      headers: adminHeaders('resource=1.1'),
      body: JSON.stringify({ name: 'gov may act', script: Buffer.from(GOV_MAY_ACT).toString('base64'), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' }),
    });
    expect(script.status).toBe(201);
    await put(json('realm-config/agents/OAuth2Client/gov-web'), {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read', 'write'] },
      advancedOAuth2ClientConfig: { grantTypes: ['password', 'refresh_token'], tokenEndpointAuthMethod: 'client_secret_post' },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: 'gov may act' },
    }, 'resource=1.0');
    await put(json('realm-config/agents/OAuth2Client/gov-rs'), {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    }, 'resource=1.0');
    await put(json('realm-config/agents/OAuth2Client/gov-app'), {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read', 'write'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    }, 'resource=1.0');
    for (const id of ['gov-a', 'gov-b', 'gov-c', 'gov-d']) await putAgent(id, agent(['read', 'write']));
    // gov-e acts by its application policy for gov-app (the AIC path), which takes audience parameters.
    await putAgent('gov-e', {
      ...agent(['read', 'write']),
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, acceptAudienceParametersInTokenExchangeRequests: true },
    });
    await putAgent('gov-owned', agent(['read'], { coreOAuth2ClientConfig: { owners: ['gov-owner'] } }));
    await put(json('realm-config/agents/AIAgent/gov-e/applications/gov-app'), { subjects: ['bjensen'], subjectGroups: [], permissions: ['read'] });
    await createUser('gov-owner', 'Own3r-pa55');
    await createUser('gov-other', 'Oth3r-pa55');
    bjensenId = (body(await http(json('users/bjensen'), { headers: adminHeaders('protocol=2.1,resource=3.0') })) as { _id: string })._id;
    bjensenSession = await signIn('bjensen', 'Ch4ng31t');
    otherSession = await signIn('gov-other', 'Oth3r-pa55');
    ownerSession = await signIn('gov-owner', 'Own3r-pa55');
  });

  afterAll(async () => {
    await demo?.stop();
  });

  describe('lineage (item 2)', () => {
    it('shows the tree of grants exchanged from a grant, with the nested act chain at every depth, and revokes a branch with DELETE', async () => {
      const user = await userToken();
      const first = await delegated('gov-a', user.access_token);
      const second = await delegated('gov-b', first.access_token);

      // RFC 8693 §4.1: introspection shows the whole nested chain, newest actor outermost.
      const introspected = await introspect(second.access_token);
      expect(introspected).toMatchObject({ active: true, sub: bjensenId, client_id: 'gov-b', act: { sub: 'gov-b', act: { sub: 'gov-a' } } });
      const rootGrant = String((await introspect(user.access_token)).authGrantId);
      const firstGrant = String((await introspect(first.access_token)).authGrantId);
      const secondGrant = String(introspected.authGrantId);

      const tree = await http(json(`delegations/${rootGrant}`), { headers: adminHeaders() });
      expect(tree.status).toBe(200);
      expect(tree.json).toMatchObject({
        _id: rootGrant,
        authGrantId: rootGrant,
        subject: bjensenId,
        client_id: 'gov-web',
        actors: [],
        scope: ['read'],
        active: true,
        revoked: false,
        children: [
          {
            authGrantId: firstGrant,
            subject: bjensenId,
            client_id: 'gov-a',
            act: { sub: 'gov-a' },
            actors: ['gov-a'],
            scope: ['read'],
            active: true,
            children: [{ authGrantId: secondGrant, client_id: 'gov-b', act: { sub: 'gov-b', act: { sub: 'gov-a' } }, actors: ['gov-b', 'gov-a'], active: true, children: [] }],
          },
        ],
      });
      const node = (tree.json as { children: Json[] }).children[0];
      expect(Date.parse(String(node.issued))).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(String(node.expires))).toBeGreaterThan(Date.now());

      // bjensen sees her own grant's tree with her session; another user does not.
      expect((await http(json(`delegations/${rootGrant}`), { headers: as(bjensenSession) })).status).toBe(200);
      const refused = await http(json(`delegations/${rootGrant}`), { headers: as(otherSession) });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(FORBIDDEN('gov-other'));
      expect((await http(json(`delegations/${rootGrant}`), {})).status).toBe(401);

      // DELETE revokes the grant and every descendant, not its parent.
      const revoked = await http(json(`delegations/${firstGrant}`), { method: 'DELETE', headers: as(bjensenSession) });
      expect(revoked.status).toBe(200);
      expect(revoked.json).toMatchObject({ authGrantId: firstGrant, active: false, revoked: true, children: [{ authGrantId: secondGrant, active: false, revoked: true }] });
      await allInactiveWithin([first.access_token, second.access_token]);
      expect((await introspect(user.access_token)).active).toBe(true);
      const [event] = await auditEvents(`event eq "token_revoked" and authGrantId eq "${firstGrant}"`);
      expect(event).toMatchObject({ outcome: 'success', subject: bjensenId, client: 'gov-a', reason: 'delegation revoked with its 1 descendant grants by bjensen' });
    });

    it('answers 404 CREST for an unknown grant to amadmin, 403 to anybody else', async () => {
      const unknown = await http(json('delegations/no-such-grant'), { headers: adminHeaders() });
      expect(unknown.status).toBe(404);
      expect(unknown.json).toEqual({ code: 404, reason: 'Not Found', message: 'Delegation no-such-grant not found' });
      expect((await http(json('delegations/no-such-grant'), { headers: as(otherSession) })).status).toBe(403);
    });

    it("lists a user's active delegated grants to the user and to amadmin, and refuses everybody else", async () => {
      const user = await userToken();
      const first = await delegated('gov-a', user.access_token);
      const grant = String((await introspect(first.access_token)).authGrantId);

      const own = await http(json('users/bjensen/delegations'), { headers: as(bjensenSession) });
      expect(own.status).toBe(200);
      const result = (own.json as { result: Json[]; resultCount: number }).result;
      expect(result.map((g) => g._id)).toContain(grant);
      expect(result.every((g) => g.subject === bjensenId && g.active === true && (g.actors as string[]).length > 0)).toBe(true);
      expect((own.json as { resultCount: number }).resultCount).toBe(result.length);

      expect((await http(json('users/bjensen/delegations'), { headers: adminHeaders() })).status).toBe(200);

      // CREST paging: a page at a time with the cookie, each grant once, the same list in all.
      await delegated('gov-a', user.access_token);
      const paged: unknown[] = [];
      let cookie: string | null = null;
      let pages = 0;
      do {
        const query = `_pageSize=1${cookie ? `&_pagedResultsCookie=${encodeURIComponent(cookie)}` : ''}`;
        const page = await http(json(`users/bjensen/delegations?${query}`), { headers: as(bjensenSession) });
        expect(page.status).toBe(200);
        const answer = page.json as { result: Json[]; resultCount: number; pagedResultsCookie: string | null };
        expect(answer.resultCount).toBeLessThanOrEqual(1);
        paged.push(...answer.result.map((g) => g._id));
        cookie = answer.pagedResultsCookie;
        pages++;
      } while (cookie && pages < 100);
      const everything = ((await http(json('users/bjensen/delegations'), { headers: as(bjensenSession) })).json as { result: Json[] }).result.map((g) => g._id);
      expect(paged).toEqual(everything);
      expect(everything.length).toBeGreaterThanOrEqual(2);
      expect((await http(json('users/bjensen/delegations?_pagedResultsCookie=garbage'), { headers: as(bjensenSession) })).status).toBe(400);
      expect((await http(json('users/bjensen/delegations?_pageSize=0'), { headers: as(bjensenSession) })).status).toBe(400);

      const refused = await http(json('users/bjensen/delegations'), { headers: as(otherSession) });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(FORBIDDEN('gov-other'));
    });
  });

  describe('kill switches (item 3), each effective within 1 s', () => {
    it('an agent set Inactive: its tokens and every token naming it in act are inactive, its refresh tokens and new exchanges refused, even once Active again', async () => {
      const user = await userToken();
      const own = await delegated('gov-c', user.access_token);
      const onward = await delegated('gov-d', own.access_token);
      const ownCc = await cc('gov-c');
      expect((await introspect(onward.access_token)).active).toBe(true);

      await putAgent('gov-c', agent(['read', 'write'], { coreOAuth2ClientConfig: { status: 'Inactive' } }));
      await allInactiveWithin([own.access_token, onward.access_token, ownCc]);
      const [killed] = await auditEvents('event eq "token_revoked" and client eq "gov-c" and reason co "client set Inactive"');
      expect(killed).toMatchObject({ outcome: 'success' });
      expect((await introspect(user.access_token)).active).toBe(true);

      const refreshOwn = await token({ grant_type: 'refresh_token', client_id: 'gov-c', client_secret: 'mySecret', refresh_token: own.refresh_token! });
      expect(refreshOwn.status).toBe(401);
      expect(body(refreshOwn).error).toBe('invalid_client');
      const refreshOnward = await token({ grant_type: 'refresh_token', client_id: 'gov-d', client_secret: 'mySecret', refresh_token: onward.refresh_token! });
      expect(refreshOnward.status).toBe(400);
      expect(body(refreshOnward).error).toBe('invalid_grant');
      const exchangeAgain = await delegate('gov-d', own.access_token, await cc('gov-d'));
      expect(exchangeAgain.json).toEqual({ error: 'invalid_request', error_description: expect.any(String) });

      // Active again: the tokens it held while it was switched off stay revoked.
      await putAgent('gov-c', agent(['read', 'write']));
      const fresh = await cc('gov-c');
      expect((await introspect(fresh)).active).toBe(true);
      expect((await introspect(own.access_token)).active).toBe(false);
      expect((await introspect(onward.access_token)).active).toBe(false);
    });

    it('an agent deleted: every token it holds is inactive', async () => {
      await putAgent('gov-tmp', agent(['read']));
      const own = await cc('gov-tmp');
      expect((await introspect(own)).active).toBe(true);
      const res = await http(json('realm-config/agents/AIAgent/gov-tmp'), { method: 'DELETE', headers: adminHeaders() });
      expect(res.status).toBe(200);
      await allInactiveWithin([own]);
    });

    it('an agent in the middle of a chain deleted: the tokens exchanged through it are inactive', async () => {
      await putAgent('gov-a', agent(['read', 'write']));
      const user = await userToken();
      const first = await delegated('gov-a', user.access_token);
      const second = await delegated('gov-b', first.access_token);
      const res = await http(json('realm-config/agents/AIAgent/gov-a'), { method: 'DELETE', headers: adminHeaders() });
      expect(res.status).toBe(200);
      await allInactiveWithin([first.access_token, second.access_token]);
      expect((await introspect(user.access_token)).active).toBe(true);
      await putAgent('gov-a', agent(['read', 'write']));
      expect((await introspect(second.access_token)).active).toBe(false);
    });

    it('an application policy deleted: the tokens issued under it are revoked', async () => {
      const user = await userToken();
      const res = await token({ grant_type: TX, client_id: 'gov-e', client_secret: 'mySecret', subject_token: user.access_token, subject_token_type: AT, audience: 'gov-app', scope: 'read' });
      expect(res.status).toBe(200);
      const underPolicy = body(res).access_token as string;
      expect(await introspect(underPolicy)).toMatchObject({ active: true, act: { sub: 'gov-e' } });
      const own = await cc('gov-e');

      const deleted = await http(json('realm-config/agents/AIAgent/gov-e/applications/gov-app'), { method: 'DELETE', headers: adminHeaders() });
      expect(deleted.status).toBe(200);
      await allInactiveWithin([underPolicy]);
      expect((await introspect(own)).active).toBe(true);
      expect((await introspect(user.access_token)).active).toBe(true);
    });

    it('reaches signed tokens that have no row: revokeTokens kills a user\'s stateless JWTs, a switched-off agent\'s stay dead once Active again', async () => {
      await put(json('realm-config/agents/OAuth2Client/gov-jwt-web'), {
        coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read'] },
        advancedOAuth2ClientConfig: { grantTypes: ['password'], tokenEndpointAuthMethod: 'client_secret_post' },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true },
      }, 'resource=1.0');
      const jwtAgent = { ...agent(['read']), overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true } };
      await putAgent('gov-jwt-agent', jwtAgent);
      const userJwt = await token({ grant_type: 'password', client_id: 'gov-jwt-web', client_secret: 'mySecret', username: 'gov-other', password: 'Oth3r-pa55', scope: 'read' });
      expect(userJwt.status).toBe(200);
      const userJwtValue = body(userJwt).access_token as string;
      const agentJwt = await cc('gov-jwt-agent');
      for (const value of [userJwtValue, agentJwt]) {
        expect(value.split('.')).toHaveLength(3);
        expect((await introspect(value)).active).toBe(true);
      }

      expect((await http(json('users/gov-other?_action=revokeTokens'), { method: 'POST', headers: adminHeaders() })).status).toBe(200);
      await allInactiveWithin([userJwtValue]);

      await putAgent('gov-jwt-agent', { ...jwtAgent, coreOAuth2ClientConfig: { ...jwtAgent.coreOAuth2ClientConfig, status: 'Inactive' } });
      await allInactiveWithin([agentJwt]);
      await putAgent('gov-jwt-agent', jwtAgent);
      await new Promise((r) => setTimeout(r, 1_100)); // past the cutoff's second: a new token is not revoked
      expect((await introspect(await cc('gov-jwt-agent'))).active).toBe(true);
      expect((await introspect(agentJwt)).active).toBe(false);
    });

    it('revokeTokens: every token whose subject is the user, and their descendants, is revoked; only amadmin may', async () => {
      const user = await userToken();
      const first = await delegated('gov-b', user.access_token);
      const other = await userToken('gov-other', 'Oth3r-pa55');

      const refused = await http(json('users/bjensen?_action=revokeTokens'), { method: 'POST', headers: as(bjensenSession) });
      expect(refused.status).toBe(403);
      const unknownAction = await http(json('users/bjensen?_action=explode'), { method: 'POST', headers: adminHeaders() });
      expect(unknownAction.status).toBe(501);
      expect(body(unknownAction)).toEqual({ code: 501, reason: 'Not Implemented', message: 'Action explode not supported' });

      const res = await http(json('users/bjensen?_action=revokeTokens'), { method: 'POST', headers: adminHeaders() });
      expect(res.status).toBe(200);
      expect((body(res).revokedGrants as number) >= 2).toBe(true);
      await allInactiveWithin([user.access_token, first.access_token]);
      const [revokedAll] = await auditEvents(`event eq "token_revoked" and subject eq "${bjensenId}" and reason co "every grant of the user revoked by amadmin"`);
      expect(revokedAll.reason).toMatch(/: \d+ grants$/);
      const refresh = await token({ grant_type: 'refresh_token', client_id: 'gov-web', client_secret: 'mySecret', refresh_token: user.refresh_token });
      expect(body(refresh).error).toBe('invalid_grant');
      expect((await introspect(other.access_token)).active).toBe(true);
      // A token issued afterwards is not affected.
      expect((await introspect((await userToken()).access_token)).active).toBe(true);
    });
    it("a logout revokes the user's tokens and their descendants only when the provider's revokeTokensOnLogout is on (off by default)", async () => {
      const logout = async (session: string) => {
        const res = await http(json('sessions?_action=logout'), { method: 'POST', headers: { iPlanetDirectoryPro: session, 'Accept-API-Version': 'resource=3.1, protocol=1.0' } });
        expect(res.status).toBe(200);
      };
      const provider = await http(json('realm-config/services/oauth-oidc'), { headers: adminHeaders('protocol=1.0,resource=1.0') });
      expect((body(provider).advancedOAuth2Config as Json).revokeTokensOnLogout).toBe(false);

      const kept = await userToken('gov-other', 'Oth3r-pa55');
      await logout(await signIn('gov-other', 'Oth3r-pa55'));
      await new Promise((r) => setTimeout(r, 500)); // a negative: give the event the time it would take
      expect((await introspect(kept.access_token)).active).toBe(true);

      await put(json('realm-config/services/oauth-oidc'), demoProvider(true), 'protocol=1.0,resource=1.0');
      try {
        const mine = await userToken('gov-other', 'Oth3r-pa55');
        const onward = await delegated('gov-b', mine.access_token);
        const bjensens = await userToken();
        await logout(await signIn('gov-other', 'Oth3r-pa55'));
        await allInactiveWithin([kept.access_token, mine.access_token, onward.access_token]);
        expect((await introspect(bjensens.access_token)).active).toBe(true);
      } finally {
        await put(json('realm-config/services/oauth-oidc'), demoProvider(false), 'protocol=1.0,resource=1.0');
      }
    });
  });

  describe('owners (item 4)', () => {
    it('an owner reads their agent and its delegations, and may set it Inactive but change nothing else; other users get 403', async () => {
      const read = await http(json('realm-config/agents/AIAgent/gov-owned'), { headers: as(ownerSession) });
      expect(read.status).toBe(200);
      expect(body(read)).toMatchObject({ _id: 'gov-owned', coreOAuth2ClientConfig: { owners: ['gov-owner'], status: 'Active' } });
      expect(body(read).coreOAuth2ClientConfig).not.toHaveProperty('userpassword');
      const notOwner = await http(json('realm-config/agents/AIAgent/gov-owned'), { headers: as(otherSession) });
      expect(notOwner.status).toBe(403);
      expect(notOwner.json).toEqual(FORBIDDEN('gov-other'));
      expect((await http(json('realm-config/agents/AIAgent/gov-a'), { headers: as(ownerSession) })).status).toBe(403);

      const user = await userToken();
      const acting = await delegated('gov-owned', user.access_token);
      const grant = String((await introspect(acting.access_token)).authGrantId);
      const delegations = await http(json('realm-config/agents/AIAgent/gov-owned/delegations'), { headers: as(ownerSession) });
      expect(delegations.status).toBe(200);
      expect((delegations.json as { result: Json[] }).result.map((g) => g._id)).toContain(grant);
      expect((await http(json('realm-config/agents/AIAgent/gov-owned/delegations'), { headers: as(otherSession) })).status).toBe(403);
      // The owner sees the tree of a grant their agent acts in.
      expect((await http(json(`delegations/${grant}`), { headers: as(ownerSession) })).status).toBe(200);

      // ... and the agent's audit events, those it took part in only, without refusal reasons.
      const refusedExchange = await delegate('gov-owned', 'not-a-token', await cc('gov-owned'));
      expect(refusedExchange.status).toBe(400);
      const agentAudit = (query = '') => http(`${json('realm-config/agents/AIAgent/gov-owned/audit')}${query}`, { headers: as(ownerSession) });
      let events: Json[] = [];
      for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
        const res = await agentAudit();
        expect(res.status).toBe(200);
        events = (res.json as { result: Json[] }).result;
        if (events.some((e) => e.event === 'token_exchanged' && e.authGrantId === grant) && events.some((e) => e.event === 'token_refused')) break;
      }
      expect(events.some((e) => e.event === 'token_exchanged' && e.authGrantId === grant)).toBe(true);
      expect(events.every((e) => e.client === 'gov-owned' || (e.actors as string[] | undefined)?.includes('gov-owned'))).toBe(true);
      expect(events.find((e) => e.event === 'token_refused')).not.toHaveProperty('reason');
      const onlyRefusals = await agentAudit(`?_queryFilter=${encodeURIComponent('event eq "token_refused"')}`);
      expect((onlyRefusals.json as { result: Json[] }).result.every((e) => e.event === 'token_refused')).toBe(true);
      expect((await http(json('realm-config/agents/AIAgent/gov-owned/audit'), { headers: as(otherSession) })).status).toBe(403);
      expect((await http(json('realm-config/agents/AIAgent/gov-owned/audit'), { headers: adminHeaders() })).status).toBe(200);
      // The realm's whole trail stays amadmin's.
      expect((await http(`${json('audit')}?_queryFilter=true`, { headers: as(ownerSession) })).status).toBe(403);

      const resource = body(read);
      const widened = { ...resource, coreOAuth2ClientConfig: { ...(resource.coreOAuth2ClientConfig as Json), scopes: ['read', 'write'] } };
      const refused = await http(json('realm-config/agents/AIAgent/gov-owned'), { method: 'PUT', headers: as(ownerSession), body: JSON.stringify(widened) });
      expect(refused.status).toBe(403);
      expect(body(refused)).toEqual({ code: 403, reason: 'Forbidden', message: 'User, gov-owner, may only set the AI agent Inactive.' });

      const inactive = { ...resource, coreOAuth2ClientConfig: { ...(resource.coreOAuth2ClientConfig as Json), status: 'Inactive' } };
      const switched = await http(json('realm-config/agents/AIAgent/gov-owned'), { method: 'PUT', headers: as(ownerSession), body: JSON.stringify(inactive) });
      expect(switched.status).toBe(200);
      expect(body(switched)).toMatchObject({ coreOAuth2ClientConfig: { status: 'Inactive' } });
      await allInactiveWithin([acting.access_token]);
      const byOther = await http(json('realm-config/agents/AIAgent/gov-owned'), { method: 'PUT', headers: as(otherSession), body: JSON.stringify(inactive) });
      expect(byOther.status).toBe(403);
      expect((await http(json('realm-config/agents/AIAgent/gov-owned'), { method: 'DELETE', headers: as(ownerSession) })).status).toBe(403);
    });
  });

  describe('exchange semantics (item 5, contract §3.3 and §3.6)', () => {
    it('impersonates without an actor token when may_act.client_id names the client, though may_act also names a sub', async () => {
      const user = await userToken();
      const res = await token({ grant_type: TX, client_id: 'gov-b', client_secret: 'mySecret', subject_token: user.access_token, subject_token_type: AT, scope: 'read' });
      expect(res.status).toBe(200);
      const introspected = await introspect(body(res).access_token as string);
      expect(introspected).toMatchObject({ active: true, sub: bjensenId, client_id: 'gov-b' });
      expect(introspected).not.toHaveProperty('act');
    });

    it('answers invalid_scope for a scope outside the client on the may_act path, with or without an actor token, and on the policy path', async () => {
      const user = await userToken();
      const invalid = { error: 'invalid_scope', error_description: 'Unknown/invalid scope(s): [admin]' };
      const withActor = await delegate('gov-b', user.access_token, await cc('gov-b'), 'read admin');
      expect(withActor.json).toEqual(invalid);
      const without = await token({ grant_type: TX, client_id: 'gov-b', client_secret: 'mySecret', subject_token: user.access_token, subject_token_type: AT, scope: 'read admin' });
      expect(without.json).toEqual(invalid);
      await put(json('realm-config/agents/AIAgent/gov-e/applications/gov-app'), { subjects: ['bjensen'], subjectGroups: [], permissions: ['read'] });
      const policy = await token({ grant_type: TX, client_id: 'gov-e', client_secret: 'mySecret', subject_token: user.access_token, subject_token_type: AT, audience: 'gov-app', scope: 'read write' });
      expect(policy.status).toBe(400);
      expect(body(policy).error).toBe('invalid_scope');
    });
  });
});
