import { join } from 'node:path';
import { type Infra, type MandateStack, type WireResponse, http, natsRequest, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ADMIN_PASSWORD, ALPHA, CALLBACK, TOKEN_EXCHANGE as TX, ACCESS_TOKEN_TYPE as AT } from './support/demo-stack';

// Issue 6: RFC 8693 token exchange (am-spec §5, contract §3.3–3.6), black-box through the
// gateway in the distributed mode with config/demo.json imported: the exchanges of seeds 000–004
// as the seeds send them, then every rule of the pipeline refused one at a time, lineage and
// revocation cascades, refresh of delegated tokens. Claims are read over `token.resolve` (what
// introspection serves) and, for JWTs, verified at connect/jwk_uri like a resource server.

const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const OPAQUE = /^[A-Za-z0-9_-]{27}$/;
const JWT = /^eyJ0eXAiOi[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INVALID_EXCHANGE = { error: 'invalid_request', error_description: 'Invalid token exchange.' };
const INVALID_AUDIENCE = { error: 'invalid_request', error_description: 'Invalid audience requested.' };
/** The longest delegation chain of this stack, to test the limit without five agents. */
const MAX_DEPTH = 2;
/** The provider settings of config/demo.json, to restore after a test changes them. */
const DEMO_PROVIDER = {
  advancedOAuth2Config: { grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TX], supportedScopes: ['read', 'write'] },
  clientDynamicRegistrationConfig: {
    allowDynamicRegistration: true,
    dynamicClientRegistrationScript: 'Software agent DCR script',
    dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials', TX],
  },
};
/** A may-act script for the chain agents: b, c and d may act, as themselves or as x. */
const CHAIN_MAY_ACT = `(function () {
  token.setMayAct({ client_id: ['chain-b', 'chain-c', 'chain-d'], sub: ['(age!chain-b)', '(age!chain-c)', '(age!chain-d)', '(age!chain-x)'] });
}());`;
/** AM's impersonation pattern: may_act with client_id only. */
const IMPERSONATION_MAY_ACT = `(function () { token.setMayAct({ client_id: ['aud-agent', 'level-agent'] }); }());`;

type Json = Record<string, unknown>;

describe('token exchange through the gateway (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let admin = '';
  let bjensenId = '';

  const oauth2 = (path: string) => `${stack!.baseUrl}/oauth2${ALPHA}/${path}`;
  const json = (path: string) => `${stack!.baseUrl}/json${ALPHA}/${path}`;
  const issuer = () => `${stack!.baseUrl}/oauth2${ALPHA}`;
  /** `curl --data 'k=v'`: each pair as written, joined with `&` (seeds 000–002). */
  const curlData = (...pairs: string[]) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: pairs.join('&') });
  /** `curl --data-urlencode` (seeds 003, 004) and everything else: a form, repeated keys from arrays. */
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() };
  };
  const token = (fields: Record<string, string | string[]>) => http(oauth2('access_token'), form(fields));
  const body = (res: WireResponse) => res.json as Json;
  const resolve = async (value: string) =>
    (await natsRequest<{ active: boolean; format?: string; claims?: Json }>(infra!.nats!, 'token.resolve', { realm: '/alpha', token: value })).response;
  const claimsOf = async (value: string) => {
    const resolved = await resolve(value);
    expect(resolved?.active).toBe(true);
    return resolved!.claims!;
  };
  const active = async (value: string) => (await resolve(value))?.active;
  const verifyJwt = async (jwt: string) => (await jwtVerify(jwt, createRemoteJWKSet(new URL(oauth2('connect/jwk_uri'))), { issuer: issuer() })).payload as Json;
  const revoke = (fields: Record<string, string>) => http(oauth2('token/revoke'), form(fields));

  /** A client-credentials access token. */
  const cc = async (clientId: string, scope: string, secret = 'mySecret') => {
    const res = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope });
    expect(res.status).toBe(200);
    return body(res).access_token as string;
  };
  /** A user access token by ROPC. */
  const password = async (clientId: string, username: string, userPassword: string, scope: string) => {
    const res = await token({ grant_type: 'password', client_id: clientId, client_secret: 'mySecret', username, password: userPassword, scope });
    expect(res.status).toBe(200);
    return body(res);
  };
  const exchange = (clientId: string, fields: Record<string, string | string[]>, secret = 'mySecret') =>
    token({ grant_type: TX, client_id: clientId, client_secret: secret, subject_token_type: AT, ...fields });
  const delegate = (clientId: string, subject: string, actor: string, scope = 'read', extra: Record<string, string | string[]> = {}) =>
    exchange(clientId, { subject_token: subject, actor_token: actor, actor_token_type: AT, scope, ...extra });

  const adminHeaders = (version: string) => ({ iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': version });
  const put = async (url: string, version: string, payload: unknown) => {
    const res = await http(url, { method: 'PUT', headers: adminHeaders(version), body: JSON.stringify(payload) });
    expect([200, 201]).toContain(res.status);
  };
  const putAgent = (id: string, config: Json) => put(json(`realm-config/agents/AIAgent/${id}`), 'resource=2.0', config);
  const putClient = (id: string, config: Json) => put(json(`realm-config/agents/OAuth2Client/${id}`), 'resource=1.0', config);
  const putPolicy = (agent: string, app: string, policy: Json) => put(json(`realm-config/agents/AIAgent/${agent}/applications/${app}`), 'resource=2.0', policy);
  const createScript = async (name: string, source: string) => {
    const res = await http(json('scripts?_action=create'), {
      method: 'POST',
      headers: adminHeaders('resource=1.1'),
      body: JSON.stringify({ name, script: Buffer.from(source).toString('base64'), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' }),
    });
    expect(res.status).toBe(201);
  };
  const createUser = async (username: string, userpassword: string) => {
    const res = await http(json('users?_action=create'), { method: 'POST', headers: adminHeaders('protocol=2.1,resource=3.0'), body: JSON.stringify({ username, userpassword }) });
    expect(res.status).toBe(201);
    return (res.json as { _id: string })._id;
  };
  const agent = (scopes: string[], extra: Json = {}) => ({
    ...extra,
    coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes, ...(extra.coreOAuth2ClientConfig as Json | undefined) },
  });
  const withScript = (script: string) => ({ overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: script } });
  /** The token-service's latest audit events (its output tail, LOG_LEVEL info). */
  const auditEvents = () =>
    stack!.services
      .get('token-service')!
      .output.toString()
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"event":"token_exchange"'))
      .map((line) => JSON.parse(line) as Json);
  /** Lets a configuration change reach every service's cache (registration.config.changed). */
  const settle = () => new Promise((r) => setTimeout(r, 500));

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({
      mode: 'distributed',
      infra,
      env: {
        AM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'),
        MANDATE_MAX_DELEGATION_DEPTH: String(MAX_DEPTH),
        LOG_LEVEL: 'info',
      },
    });
    const login = await http(`${stack.baseUrl}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    admin = (login.json as { tokenId: string }).tokenId;
    const bjensen = await http(json('users/bjensen'), { headers: adminHeaders('protocol=2.1,resource=3.0') });
    bjensenId = (bjensen.json as { _id: string })._id;
    expect(bjensenId).toMatch(UUID);

    await createScript('e2e chain may act', CHAIN_MAY_ACT);
    await createScript('e2e impersonation may act', IMPERSONATION_MAY_ACT);
    for (const id of ['chain-a', 'chain-c', 'chain-d']) await putAgent(id, agent(['read'], withScript('e2e chain may act')));
    await putAgent('chain-b', agent(['read'], { ...withScript('e2e chain may act'), advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', TX, 'refresh_token'] } }));
    await putAgent('chain-x', agent(['read']));
    await putClient('imp-web', {
      ...agent(['read']),
      ...withScript('e2e impersonation may act'),
      advancedOAuth2ClientConfig: { grantTypes: ['password', 'refresh_token'], tokenEndpointAuthMethod: 'client_secret_post' },
    });
    await putAgent('aud-agent', {
      ...agent(['read']),
      advancedOAuth2ClientConfig: { allowedResourceServerAudienceValues: ['orders-api', 'https://api.example.com'] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, acceptAudienceParametersInTokenExchangeRequests: true },
    });
    await putAgent('level-agent', { ...agent(['read']), advancedOAuth2ClientConfig: { tokenExchangeAuthLevel: 1 } });
    await putAgent('brief-agent', { ...agent(['read'], { coreOAuth2ClientConfig: { accessTokenLifetime: 3 } }), ...withScript('risk-agent may act script') });
    await putAgent('ops-agent', {
      ...agent(['monitor-system']),
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, statelessTokensEnabled: true, acceptAudienceParametersInTokenExchangeRequests: true },
    });
    await putPolicy('ops-agent', 'web-server-logs-api-app', { subjects: [], subjectGroups: [], permissions: [] });
    await createUser('gwen', 'Gw3n-pa55');
    await createUser('mallory', 'M4llory-pa55');
    await put(json('groups/hr'), 'protocol=2.1,resource=3.0', { username: 'hr', members: { uniqueMember: ['bjensen', 'gwen'] } });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  /** Seed 000 steps 1–3: bjensen signs in, hr-client gets a code and redeems it. */
  const seed000UserToken = async () => {
    const auth = await http(`${stack!.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    expect(auth.status).toBe(200);
    const userToken = (auth.json as { tokenId: string }).tokenId;
    const authorize = await http(oauth2('authorize'), {
      method: 'POST',
      headers: { Cookie: `iPlanetDirectoryPro=${userToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `scope=read&response_type=code&client_id=hr-client&csrf=${userToken}&redirect_uri=${CALLBACK}&decision=allow`,
    });
    expect(authorize.status).toBe(302);
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const redeemed = await http(
      oauth2('access_token'),
      curlData('grant_type=authorization_code', 'client_id=hr-client', 'client_secret=mySecret', `code=${code}`, `redirect_uri=${CALLBACK}`, 'scope=read'),
    );
    expect(redeemed.status).toBe(200);
    return body(redeemed) as { access_token: string; refresh_token: string };
  };
  /** Seed 000 step 5, as sent. */
  const seed000Exchange = (userAccessToken: string, agentAccessToken: string) =>
    http(
      oauth2('access_token'),
      curlData(
        'client_id=hr-agent',
        'client_secret=mySecret',
        `grant_type=${TX}`,
        'scope=read write delete',
        `subject_token=${userAccessToken}`,
        `subject_token_type=${AT}`,
        `actor_token=${agentAccessToken}`,
        `actor_token_type=${AT}`,
      ),
    );
  /** Seed 003's exchange, as sent (--data-urlencode). */
  const seed003Exchange = (userAccessToken: string, extra: Record<string, string | string[]> = {}) =>
    token({
      grant_type: TX,
      subject_token: userAccessToken,
      subject_token_type: AT,
      client_id: 'digital-assistant-ai-agent',
      client_secret: 'mySecret',
      audience: 'digital-assistant-web-app',
      scope: 'read-data',
      ...extra,
    });
  const seed003UserToken = async (username = 'bjensen', userPassword = 'Ch4ng31t') => password('digital-assistant-web-app', username, userPassword, 'openid');
  /** Seed 004's exchange, as sent (--data-urlencode). */
  const seed004Exchange = (agentAccessToken: string, extra: Record<string, string | string[]> = {}) =>
    token({
      grant_type: TX,
      subject_token: agentAccessToken,
      subject_token_type: AT,
      client_id: 'bot-traffic-analyzer-agent',
      client_secret: 'mySecret',
      audience: 'web-server-logs-api-app',
      scope: 'logs-read logs-search',
      ...extra,
    });
  /** expires_in right after issuing: 3599 in the seeds, less when the subject token expires sooner. */
  const FRESH = expect.any(Number);
  const expectFresh = (res: WireResponse) => {
    expect(body(res).expires_in).toBeGreaterThanOrEqual(3590);
    expect(body(res).expires_in).toBeLessThanOrEqual(3599);
  };

  describe('the seeds’ exchanges', () => {
    it('seed 000: hr-agent acts for bjensen by delegation, with a refresh token and AM’s response key order', async () => {
      const user = await seed000UserToken();
      const agentToken = await cc('hr-agent', 'read');
      const res = await seed000Exchange(user.access_token, agentToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(body(res))).toEqual(['access_token', 'refresh_token', 'issued_token_type', 'scope', 'token_type', 'expires_in']);
      expect(res.json).toEqual({
        access_token: expect.stringMatching(OPAQUE),
        refresh_token: expect.stringMatching(OPAQUE),
        issued_token_type: AT,
        scope: 'read write delete',
        token_type: 'Bearer',
        expires_in: FRESH,
      });
      expectFresh(res);
      const claims = await claimsOf(body(res).access_token as string);
      expect(claims).toEqual(
        expect.objectContaining({
          sub: bjensenId,
          subname: bjensenId,
          client_id: 'hr-agent',
          aud: 'hr-agent',
          act: { sub: 'hr-agent' },
          scope: ['read', 'write', 'delete'],
          grant_type: TX,
          auth_level: 0,
          realm: '/alpha',
          iss: issuer(),
        }),
      );
      // hr-agent runs no may-act script: the exchanged token is not exchangeable onward.
      expect(claims).not.toHaveProperty('may_act');
      // keycloak#53029: `act` is part of what introspection reads, for the refresh token too.
      expect((await claimsOf(body(res).refresh_token as string)).act).toEqual({ sub: 'hr-agent' });
    });

    it('seed 001: risk-agent acts for data-agent; the granted scope is the request (contract §3.1)', async () => {
      const riskToken = await cc('risk-agent', 'read');
      const dataToken = await cc('data-agent', 'read');
      const res = await http(
        oauth2('access_token'),
        curlData(
          'client_id=risk-agent',
          'client_secret=mySecret',
          `grant_type=${TX}`,
          'scope=read',
          `subject_token=${dataToken}`,
          `subject_token_type=${AT}`,
          `actor_token=${riskToken}`,
          `actor_token_type=${AT}`,
        ),
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.stringMatching(OPAQUE), refresh_token: expect.stringMatching(OPAQUE), issued_token_type: AT, scope: 'read', token_type: 'Bearer', expires_in: FRESH });
      expect(await claimsOf(body(res).access_token as string)).toEqual(
        expect.objectContaining({ sub: 'data-agent', client_id: 'risk-agent', act: { sub: 'risk-agent' }, scope: ['read'], aud: 'risk-agent' }),
      );
    });

    it('seed 002: a DCR-registered agent exchanges its own token without actor to raise its scope (self-exchange)', async () => {
      const registered = await http(oauth2('aiagent/register'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_types: ['client_credentials', TX],
          client_name: 'software agent',
          response_types: ['token'],
          redirect_uris: [CALLBACK],
          scopes: ['read', 'write'],
        }),
      });
      expect(registered.status).toBe(201);
      const { client_id: id, client_secret: secret } = registered.json as { client_id: string; client_secret: string };
      const own = await http(oauth2('access_token'), curlData('grant_type=client_credentials', `client_id=${id}`, `client_secret=${secret}`, 'scope=read'));
      expect(own.json).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read', token_type: 'Bearer', expires_in: 3599 });
      const res = await http(
        oauth2('access_token'),
        curlData(`client_id=${id}`, `client_secret=${secret}`, `grant_type=${TX}`, 'scope=read write', `subject_token=${body(own).access_token}`, `subject_token_type=${AT}`),
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.stringMatching(JWT), refresh_token: expect.stringMatching(JWT), issued_token_type: AT, scope: 'read write', token_type: 'Bearer', expires_in: FRESH });
      const payload = await verifyJwt(body(res).access_token as string);
      expect(payload).toEqual(
        // RFC 9068 §2.2.3: the JWT's scope is one space-separated string.
        expect.objectContaining({ sub: id, client_id: id, scope: 'read write', grant_type: TX, may_act: { client_id: id, sub: `(age!${id})` } }),
      );
      // An impersonation (AM 8.1 may_act, no actor) adds no act.
      expect(payload).not.toHaveProperty('act');
      // The server keeps AM's array.
      expect(await claimsOf(body(res).access_token as string)).toEqual({ ...payload, scope: ['read', 'write'] });
    });

    it('seed 003: the digital assistant acts for bjensen under its application policy: act, two audiences, no refresh token', async () => {
      const user = await seed003UserToken();
      const res = await seed003Exchange(user.access_token as string);
      expect(res.status).toBe(200);
      // contract §3.3: no refresh token, and the key is omitted (AIC prints null).
      expect(Object.keys(body(res))).toEqual(['access_token', 'issued_token_type', 'scope', 'token_type', 'expires_in']);
      expect(res.json).toEqual({ access_token: expect.stringMatching(JWT), issued_token_type: AT, scope: 'read-data', token_type: 'Bearer', expires_in: FRESH });
      const payload = await verifyJwt(body(res).access_token as string);
      expect(payload).toEqual(
        expect.objectContaining({
          sub: bjensenId,
          subname: bjensenId,
          client_id: 'digital-assistant-ai-agent',
          aud: ['digital-assistant-ai-agent', 'digital-assistant-web-app'],
          act: { sub: 'digital-assistant-ai-agent' },
          scope: 'read-data',
          grant_type: TX,
          auth_level: 0,
          cts: 'OAUTH2_STATELESS_GRANT',
        }),
      );
      // What introspection reads carries `act` too (keycloak#53029).
      expect((await claimsOf(body(res).access_token as string)).act).toEqual({ sub: 'digital-assistant-ai-agent' });
    });

    it('seed 004: the bot-traffic agent exchanges its own token autonomously: sub and act are the agent, scope from the policy', async () => {
      const own = await token({ grant_type: 'client_credentials', client_id: 'bot-traffic-analyzer-agent', client_secret: 'mySecret', scope: 'monitor-system' });
      expect(own.json).toEqual({ access_token: expect.stringMatching(JWT), scope: 'monitor-system', token_type: 'Bearer', expires_in: 3599 });
      const res = await seed004Exchange(body(own).access_token as string);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.stringMatching(JWT), issued_token_type: AT, scope: 'logs-read logs-search', token_type: 'Bearer', expires_in: FRESH });
      const payload = await verifyJwt(body(res).access_token as string);
      expect(payload).toEqual(
        expect.objectContaining({
          sub: 'bot-traffic-analyzer-agent',
          client_id: 'bot-traffic-analyzer-agent',
          aud: ['bot-traffic-analyzer-agent', 'web-server-logs-api-app'],
          act: { sub: 'bot-traffic-analyzer-agent' },
          grant_type: TX,
        }),
      );
      expect((payload.scope as string).split(' ').sort()).toEqual(['logs-read', 'logs-search']);
      expect(payload).not.toHaveProperty('auth_level');
    });
  });

  describe('request syntax and token types (am-spec §5.3 steps 1–3)', () => {
    it('refuses a client without the token-exchange grant with unauthorized_client', async () => {
      const res = await token({ grant_type: TX, client_id: 'hr-client', client_secret: 'mySecret', subject_token: 'x', subject_token_type: AT });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'unauthorized_client', error_description: 'Client is not authorized to use the requested grant type' });
    });

    it('names the missing subject parameters, and actor_token_type when an actor token comes alone', async () => {
      expect((await token({ grant_type: TX, client_id: 'hr-agent', client_secret: 'mySecret' })).json).toEqual({
        error: 'invalid_request',
        error_description: 'Missing parameters: subject_token subject_token_type',
      });
      const subject = await cc('data-agent', 'read');
      expect((await exchange('risk-agent', { subject_token: subject, actor_token: await cc('risk-agent', 'read'), scope: 'read' })).json).toEqual({
        error: 'invalid_request',
        error_description: 'Missing parameters: actor_token_type',
      });
      expect((await exchange('risk-agent', { subject_token: subject, actor_token_type: AT, scope: 'read' })).json).toEqual({
        error: 'invalid_request',
        error_description: 'Missing parameters: actor_token',
      });
    });

    it('refuses a repeated subject_token (only audience and resource repeat)', async () => {
      const res = await exchange('risk-agent', { subject_token: ['a', 'b'] });
      expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Duplicate parameter: subject_token' });
    });

    it.each([
      ['a refresh-token subject type', { subject_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }],
      ['a SAML subject type', { subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }],
      ['a transaction token requested', { requested_token_type: 'urn:ietf:params:oauth:token-type:txn_token' }],
      ['an ID token requested (none are issued yet)', { requested_token_type: ID_TOKEN }],
      ['an ID token as subject type', { subject_token_type: ID_TOKEN }],
    ])('answers %s with "Invalid token exchange."', async (_name, fields) => {
      const subject = await cc('data-agent', 'read');
      const res = await delegate('risk-agent', subject, await cc('risk-agent', 'read'), 'read', fields);
      expect(res.status).toBe(400);
      expect(res.json).toEqual(INVALID_EXCHANGE);
    });

    it('accepts requested_token_type access_token, and refuses resources the agent may not reach with invalid_target (RFC 8707 §2)', async () => {
      const ok = await delegate('risk-agent', await cc('data-agent', 'read'), await cc('risk-agent', 'read'), 'read', { requested_token_type: AT });
      expect(ok.status).toBe(200);
      const res = await delegate('risk-agent', await cc('data-agent', 'read'), await cc('risk-agent', 'read'), 'read', {
        requested_token_type: AT,
        resource: ['https://a.example.com', 'https://b.example.com'],
      });
      expect({ status: res.status, error: (res.json as { error?: string }).error }).toEqual({ status: 400, error: 'invalid_target' });
    });
  });

  describe('presented tokens (am-spec §5.3 step 4, contract §3.6)', () => {
    it('refuses a subject token that is unknown, a refresh token, or revoked', async () => {
      const actor = await cc('risk-agent', 'read');
      expect((await delegate('risk-agent', 'not-a-token', actor)).json).toEqual(INVALID_EXCHANGE);
      const user = await seed000UserToken();
      expect((await delegate('hr-agent', user.refresh_token, await cc('hr-agent', 'read'))).json).toEqual(INVALID_EXCHANGE);
      const subject = await cc('data-agent', 'read');
      expect((await revoke({ token: subject, client_id: 'data-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect((await delegate('risk-agent', subject, actor)).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses a tampered JWT subject token and a JWT whose signature is not ours', async () => {
      const own = body(await token({ grant_type: 'client_credentials', client_id: 'bot-traffic-analyzer-agent', client_secret: 'mySecret', scope: 'monitor-system' })).access_token as string;
      const [header, payload, signature] = own.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json;
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
      expect((await seed004Exchange(`${header}.${forgedPayload}.${signature}`)).json).toEqual(INVALID_EXCHANGE);
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('A') ? 'B' : 'A'}${signature.slice(-1)}`;
      expect((await seed004Exchange(`${header}.${payload}.${flipped}`)).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses an invalid actor token', async () => {
      const res = await delegate('risk-agent', await cc('data-agent', 'read'), 'forged-actor-token');
      expect(res.json).toEqual(INVALID_EXCHANGE);
    });

    it('caps the exchanged token at its subject token’s expiry, then refuses the expired subject token (contract §3.5)', async () => {
      const subject = await cc('brief-agent', 'read');
      const subjectExp = (await claimsOf(subject)).exp as number;
      const res = await delegate('risk-agent', subject, await cc('risk-agent', 'read'));
      expect(res.status).toBe(200);
      expect(body(res).expires_in).toBeLessThanOrEqual(3);
      expect((await claimsOf(body(res).access_token as string)).exp).toBe(subjectExp);
      expect((await claimsOf(body(res).refresh_token as string)).exp).toBe(subjectExp);
      await new Promise((r) => setTimeout(r, (subjectExp + 1) * 1000 - Date.now()));
      expect(await active(body(res).access_token as string)).toBe(false);
      expect(await active(body(res).refresh_token as string)).toBe(false);
      expect((await delegate('risk-agent', subject, await cc('risk-agent', 'read'))).json).toEqual(INVALID_EXCHANGE);
    });
  });

  describe('authorisation by may_act (am-spec §5.4)', () => {
    it('refuses a subject token without may_act', async () => {
      const res = await delegate('hr-agent', await cc('hr-agent', 'read'), await cc('hr-agent', 'read'));
      expect(res.json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses a client that may_act does not name', async () => {
      const user = await seed000UserToken();
      expect((await delegate('risk-agent', user.access_token, await cc('risk-agent', 'read'))).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses a rogue actor outside may_act.sub (keycloak#50690)', async () => {
      const user = await seed000UserToken();
      const res = await seed000Exchange(user.access_token, await cc('risk-agent', 'read'));
      expect(res.status).toBe(400);
      expect(res.json).toEqual(INVALID_EXCHANGE);
    });

    it('lets the agent named in may_act.client_id impersonate without an actor token: may_act.sub is for delegation only (contract §3.3)', async () => {
      const user = await seed000UserToken();
      const res = await exchange('hr-agent', { subject_token: user.access_token, scope: 'read' });
      expect(res.status).toBe(200);
      expect(await claimsOf(body(res).access_token as string)).not.toHaveProperty('act');
    });

    it('answers invalid_scope, not a refused exchange, for a scope outside the client on the impersonation path', async () => {
      const user = await seed000UserToken();
      const res = await exchange('hr-agent', { subject_token: user.access_token, scope: 'read admin' });
      expect(res.json).toEqual({ error: 'invalid_scope', error_description: 'Unknown/invalid scope(s): [admin]' });
    });

    it('impersonates without act when may_act names only client_id (AM’s impersonation script)', async () => {
      const user = await password('imp-web', 'bjensen', 'Ch4ng31t', 'read');
      const res = await exchange('aud-agent', { subject_token: user.access_token as string, scope: 'read' });
      expect(res.status).toBe(200);
      const claims = await claimsOf(body(res).access_token as string);
      expect(claims).toEqual(expect.objectContaining({ sub: bjensenId, client_id: 'aud-agent', aud: 'aud-agent' }));
      expect(claims).not.toHaveProperty('act');
    });

    it('refuses a subject token below the acting client’s tokenExchangeAuthLevel', async () => {
      const user = await password('imp-web', 'bjensen', 'Ch4ng31t', 'read');
      expect((await exchange('level-agent', { subject_token: user.access_token as string, scope: 'read' })).json).toEqual(INVALID_EXCHANGE);
    });

    it('answers invalid_scope for a scope the acting client does not have', async () => {
      const user = await seed000UserToken();
      const res = await delegate('hr-agent', user.access_token, await cc('hr-agent', 'read'), 'read admin');
      expect(res.json).toEqual({ error: 'invalid_scope', error_description: 'Unknown/invalid scope(s): [admin]' });
    });

    it('refuses an actor whose client was disabled after its token was issued', async () => {
      const actor = await cc('chain-x', 'read');
      await putAgent('chain-x', agent(['read'], { coreOAuth2ClientConfig: { status: 'Inactive' } }));
      await settle();
      try {
        const res = await delegate('chain-b', await cc('chain-a', 'read'), actor);
        expect(res.json).toEqual(INVALID_EXCHANGE);
      } finally {
        await putAgent('chain-x', agent(['read']));
        await settle();
      }
    });
  });

  describe('chained delegation (contract §3.4)', () => {
    const chain = async () => {
      const t0 = await cc('chain-a', 'read');
      const t1 = body(await delegate('chain-b', t0, await cc('chain-b', 'read'))).access_token as string;
      const t2res = await delegate('chain-c', t1, await cc('chain-c', 'read'));
      expect(t2res.status).toBe(200);
      return { t0, t1, t2: body(t2res).access_token as string };
    };

    it('nests act with the newest actor outermost, visible where introspection reads (keycloak#53029)', async () => {
      const { t1, t2 } = await chain();
      expect(await claimsOf(t1)).toEqual(expect.objectContaining({ sub: 'chain-a', client_id: 'chain-b', act: { sub: 'chain-b' } }));
      expect(await claimsOf(t2)).toEqual(expect.objectContaining({ sub: 'chain-a', client_id: 'chain-c', act: { sub: 'chain-c', act: { sub: 'chain-b' } } }));
    });

    it('refuses a delegated token re-exchanged without its actor (keycloak#52691)', async () => {
      const { t1 } = await chain();
      expect((await exchange('chain-c', { subject_token: t1, scope: 'read' })).json).toEqual(INVALID_EXCHANGE);
      expect((await exchange('chain-b', { subject_token: t1, scope: 'read' })).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses an actor already in the chain (no cycles)', async () => {
      const { t1 } = await chain();
      expect((await delegate('chain-c', t1, await cc('chain-b', 'read'))).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses a chain deeper than MANDATE_MAX_DELEGATION_DEPTH', async () => {
      const { t2 } = await chain();
      expect((await delegate('chain-d', t2, await cc('chain-d', 'read'))).json).toEqual(INVALID_EXCHANGE);
    });
  });

  describe('the application-policy path (am-spec §5.9)', () => {
    it('admits a member of a subject group who is not listed by name', async () => {
      const gwen = await seed003UserToken('gwen', 'Gw3n-pa55');
      const res = await seed003Exchange(gwen.access_token as string);
      expect(res.status).toBe(200);
      expect((await verifyJwt(body(res).access_token as string)).act).toEqual({ sub: 'digital-assistant-ai-agent' });
    });

    it('refuses a user outside the policy’s subjects and groups', async () => {
      const mallory = await seed003UserToken('mallory', 'M4llory-pa55');
      expect((await seed003Exchange(mallory.access_token as string)).json).toEqual(INVALID_EXCHANGE);
    });

    it('refuses an autonomous policy (no subjects) for a token that is not the agent’s own', async () => {
      const other = await cc('hr-agent', 'read');
      expect((await seed004Exchange(other)).json).toEqual(INVALID_EXCHANGE);
      const user = await seed003UserToken();
      expect((await seed004Exchange(user.access_token as string)).json).toEqual(INVALID_EXCHANGE);
    });

    it('answers invalid_scope for a scope outside the policy’s permissions, even one the agent has', async () => {
      const user = await seed003UserToken();
      expect((await seed003Exchange(user.access_token as string, { scope: 'write-data' })).json).toEqual({
        error: 'invalid_scope',
        error_description: 'Unknown/invalid scope(s): [write-data]',
      });
    });

    it('takes the resource application’s scopes when the policy lists no permissions', async () => {
      const own = body(await token({ grant_type: 'client_credentials', client_id: 'ops-agent', client_secret: 'mySecret', scope: 'monitor-system' })).access_token as string;
      const ok = await exchange('ops-agent', { subject_token: own, audience: 'web-server-logs-api-app', scope: 'logs-search' });
      expect(ok.status).toBe(200);
      expect(body(ok).scope).toBe('logs-search');
      const outside = await exchange('ops-agent', { subject_token: own, audience: 'web-server-logs-api-app', scope: 'monitor-system' });
      expect(body(outside).error).toBe('invalid_scope');
    });

    it('refuses without an audience that selects a policy, and an extra audience without one', async () => {
      const user = await seed003UserToken();
      expect((await seed003Exchange(user.access_token as string, { audience: 'web-server-logs-api-app' })).json).toEqual(INVALID_EXCHANGE);
      const withoutAudience = await exchange('digital-assistant-ai-agent', { subject_token: user.access_token as string, scope: 'read-data' });
      expect(withoutAudience.json).toEqual(INVALID_EXCHANGE);
      expect((await seed003Exchange(user.access_token as string, { audience: ['digital-assistant-web-app', 'web-server-logs-api-app'] })).json).toEqual(INVALID_AUDIENCE);
    });
  });

  describe('audience on the may_act path (am-spec §5.7)', () => {
    const userToken = async () => (await password('imp-web', 'bjensen', 'Ch4ng31t', 'read')).access_token as string;

    it('appends allowed audiences after the client id, in request order', async () => {
      const res = await exchange('aud-agent', { subject_token: await userToken(), scope: 'read', audience: ['https://api.example.com', 'orders-api'] });
      expect(res.status).toBe(200);
      expect((await claimsOf(body(res).access_token as string)).aud).toEqual(['aud-agent', 'https://api.example.com', 'orders-api']);
    });

    it('answers "Invalid audience requested." for an unlisted, empty or path-suffixed value', async () => {
      for (const audience of ['payments-api', '', 'orders-api/v2']) {
        expect((await exchange('aud-agent', { subject_token: await userToken(), scope: 'read', audience })).json).toEqual(INVALID_AUDIENCE);
      }
    });

    it('ignores audience for a client that does not accept audience parameters', async () => {
      const res = await delegate('risk-agent', await cc('data-agent', 'read'), await cc('risk-agent', 'read'), 'read', { audience: 'anything' });
      expect(res.status).toBe(200);
      expect((await claimsOf(body(res).access_token as string)).aud).toBe('risk-agent');
    });
  });

  describe('lineage: revoking a token revokes everything exchanged from it', () => {
    it('revoking the subject access token revokes the exchanged token and its refresh token', async () => {
      const user = await seed000UserToken();
      const exchanged = body(await seed000Exchange(user.access_token, await cc('hr-agent', 'read')));
      expect((await revoke({ token: user.access_token, client_id: 'hr-client', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(exchanged.access_token as string)).toBe(false);
      expect(await active(exchanged.refresh_token as string)).toBe(false);
    });

    it('revoking the actor token revokes the exchanged token, not the subject’s', async () => {
      const user = await seed000UserToken();
      const actor = await cc('hr-agent', 'read');
      const exchanged = body(await seed000Exchange(user.access_token, actor));
      expect((await revoke({ token: actor, client_id: 'hr-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(exchanged.access_token as string)).toBe(false);
      expect(await active(user.access_token)).toBe(true);
    });

    it('revoking the subject’s grant (its refresh token) revokes the exchanged token', async () => {
      const user = await seed003UserToken();
      const exchanged = body(await seed003Exchange(user.access_token as string)).access_token as string;
      expect(await active(exchanged)).toBe(true);
      expect((await revoke({ token: user.refresh_token as string, client_id: 'digital-assistant-web-app', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(exchanged)).toBe(false);
    });

    it('revoking a signed (JWT) subject token revokes the exchanged JWT', async () => {
      const own = body(await token({ grant_type: 'client_credentials', client_id: 'bot-traffic-analyzer-agent', client_secret: 'mySecret', scope: 'monitor-system' })).access_token as string;
      const exchanged = body(await seed004Exchange(own)).access_token as string;
      expect(await active(exchanged)).toBe(true);
      expect((await revoke({ token: own, client_id: 'bot-traffic-analyzer-agent', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(exchanged)).toBe(false);
    });

    it('revoking the root of a chain revokes every link; revoking a link leaves its ancestors alone', async () => {
      const t0 = await cc('chain-a', 'read');
      const t1 = body(await delegate('chain-b', t0, await cc('chain-b', 'read'))).access_token as string;
      const t2 = body(await delegate('chain-c', t1, await cc('chain-c', 'read'))).access_token as string;
      expect((await revoke({ token: t1, client_id: 'chain-b', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(t2)).toBe(false);
      expect(await active(t0)).toBe(true);

      const u1 = body(await delegate('chain-b', t0, await cc('chain-b', 'read'))).access_token as string;
      const u2 = body(await delegate('chain-c', u1, await cc('chain-c', 'read'))).access_token as string;
      expect((await revoke({ token: t0, client_id: 'chain-a', client_secret: 'mySecret' })).status).toBe(200);
      expect(await active(u1)).toBe(false);
      expect(await active(u2)).toBe(false);
    });
  });

  describe('refreshing an exchanged token (am-spec §4.7)', () => {
    it('keeps act, stays capped at the subject’s expiry, and stops once the actor is disabled', async () => {
      const subject = await cc('chain-a', 'read');
      const subjectExp = (await claimsOf(subject)).exp as number;
      const exchanged = body(await delegate('chain-b', subject, await cc('chain-x', 'read')));
      expect(await claimsOf(exchanged.access_token as string)).toEqual(expect.objectContaining({ sub: 'chain-a', act: { sub: 'chain-x' } }));

      const refreshed = await token({ grant_type: 'refresh_token', client_id: 'chain-b', client_secret: 'mySecret', refresh_token: exchanged.refresh_token as string });
      expect(refreshed.status).toBe(200);
      const access = await claimsOf(body(refreshed).access_token as string);
      expect(access).toEqual(expect.objectContaining({ sub: 'chain-a', client_id: 'chain-b', act: { sub: 'chain-x' } }));
      expect(access.exp).toBeLessThanOrEqual(subjectExp);
      expect((await claimsOf(body(refreshed).refresh_token as string)).exp).toBeLessThanOrEqual(subjectExp);

      await putAgent('chain-x', agent(['read'], { coreOAuth2ClientConfig: { status: 'Inactive' } }));
      await settle();
      try {
        const again = await token({ grant_type: 'refresh_token', client_id: 'chain-b', client_secret: 'mySecret', refresh_token: body(refreshed).refresh_token as string });
        expect(again.status).toBe(400);
        expect(again.json).toEqual({ error: 'invalid_grant', error_description: 'The provided access grant is invalid, expired, or revoked.' });
      } finally {
        await putAgent('chain-x', agent(['read']));
        await settle();
      }
    });

    it('stops once the actor is deleted', async () => {
      const exchanged = body(await delegate('chain-b', await cc('chain-a', 'read'), await cc('chain-x', 'read')));
      const deleted = await http(json('realm-config/agents/AIAgent/chain-x'), { method: 'DELETE', headers: adminHeaders('resource=2.0') });
      expect(deleted.status).toBe(200);
      await settle();
      try {
        const res = await token({ grant_type: 'refresh_token', client_id: 'chain-b', client_secret: 'mySecret', refresh_token: exchanged.refresh_token as string });
        expect(body(res).error).toBe('invalid_grant');
      } finally {
        await putAgent('chain-x', agent(['read']));
        await settle();
      }
    });
  });

  describe('audit (contract §3.6)', () => {
    it('writes one event per outcome with subject, actors, client, audience, scope and the refusal reason, never a token value', async () => {
      const user = await seed000UserToken();
      const actor = await cc('hr-agent', 'read');
      const granted = body(await seed000Exchange(user.access_token, actor));
      const rogue = await cc('risk-agent', 'read');
      await seed000Exchange(user.access_token, rogue);
      await new Promise((r) => setTimeout(r, 200));
      const events = auditEvents().slice(-2);
      expect(events).toEqual([
        expect.objectContaining({
          event: 'token_exchange',
          outcome: 'granted',
          realm: '/alpha',
          client: 'hr-agent',
          path: 'may_act',
          subject: bjensenId,
          actors: ['hr-agent'],
          audience: ['hr-agent'],
          scope: ['read', 'write', 'delete'],
          authGrantId: expect.stringMatching(OPAQUE),
        }),
        expect.objectContaining({ event: 'token_exchange', outcome: 'refused', error: 'invalid_request', client: 'hr-agent', subject: bjensenId, reason: 'actor risk-agent is not in may_act.sub' }),
      ]);
      const text = JSON.stringify(events);
      for (const value of [user.access_token, actor, rogue, granted.access_token, granted.refresh_token]) expect(text).not.toContain(value as string);
    });
  });

  describe('provider switch (am-spec §4.1)', () => {
    it('answers unsupported_grant_type when the provider does not list token exchange', async () => {
      const putProvider = (payload: Json) => put(json('realm-config/services/oauth-oidc'), 'protocol=1.0,resource=1.0', payload);
      await putProvider({ ...DEMO_PROVIDER, advancedOAuth2Config: { grantTypes: ['client_credentials'] } });
      try {
        let res: WireResponse | undefined;
        for (let i = 0; i < 20; i++) {
          res = await exchange('hr-agent', { subject_token: 'x' });
          if (body(res).error === 'unsupported_grant_type') break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(res!.json).toEqual({ error: 'unsupported_grant_type', error_description: `Grant type is not supported: ${TX}` });
      } finally {
        await putProvider(DEMO_PROVIDER);
      }
    });
  });
});
