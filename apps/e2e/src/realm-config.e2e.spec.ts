import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Infra, type MandateStack, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { type NatsConnection, connect } from 'nats';
import { ADMIN_PASSWORD, CALLBACK, TOKEN_EXCHANGE as TX } from './support/demo-stack';

// Issue 4: realm configuration over AM's admin REST, through the gateway, in the distributed mode,
// with config/demo.json imported at start (MANDATE_IMPORT). Real SSO tokens: amadmin's (AM_ADMIN_PASSWORD)
// and bjensen's (imported by authn-service from the same file).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('realm configuration through the gateway (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let nc: NatsConnection | undefined;
  let adminToken = '';
  let userToken = '';
  const events: Array<{ at: number; event: { realm: string; kind: string; id: string } }> = [];

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({
      mode: 'distributed',
      infra,
      env: { MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), AM_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    adminToken = await login('root', 'amadmin', ADMIN_PASSWORD);
    userToken = await login('root/realms/alpha', 'bjensen', 'Ch4ng31t');
    nc = await connect(infra.nats!.connectOptions('token-service')); // a subscriber of the event in the catalogue
    nc.subscribe('registration.config.changed', {
      callback: (_err, msg) => events.push({ at: Date.now(), event: (JSON.parse(new TextDecoder().decode(msg.data)) as { data: { realm: string; kind: string; id: string } }).data }),
    });
    await nc.flush();
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
    await infra?.stop();
  });

  /** am-spec §2.1: a zero-page login with the X-OpenAM-Username/Password headers answers the SSO token. */
  async function login(realmPath: string, username: string, password: string): Promise<string> {
    const res = await http(`${stack!.baseUrl}/json/realms/${realmPath}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${res.text}`);
    return (res.json as { tokenId: string }).tokenId;
  }

  const json = (base: 'json', path: string) => `${stack!.baseUrl}/${base}/realms/root/realms/alpha/${path}`;
  const agents = (path: string) => json('json', `realm-config/agents/${path}`);
  // No Content-Type on a request without a body: Fastify refuses an empty application/json body (see report).
  const adminNoBody = (version: string) => ({ iPlanetDirectoryPro: adminToken, 'Accept-API-Version': version });
  const admin = (version: string, extra: Record<string, string> = {}) => ({
    iPlanetDirectoryPro: adminToken,
    'Accept-API-Version': version,
    'Content-Type': 'application/json',
    ...extra,
  });

  describe('admin access', () => {
    it('answers 401 "Access Denied" without an SSO token', async () => {
      const res = await http(agents('OAuth2Client/hr-client'), { headers: { 'Accept-API-Version': 'resource=1.0' } });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: 401, reason: 'Unauthorized', message: 'Access Denied' });
    });

    it('answers 403 to a user who is not amadmin, with the token as a cookie', async () => {
      const res = await http(agents('OAuth2Client/hr-client'), { headers: { Cookie: `iPlanetDirectoryPro=${userToken}` } });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ code: 403, reason: 'Forbidden', message: 'User, bjensen, not authorized.' });
    });

    it('answers 404 for an agent type AM does not have', async () => {
      const res = await http(agents('WebAgent/x'), { headers: admin('resource=1.0') });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Not Found' });
    });
  });

  describe('the imported seeds (config/demo.json)', () => {
    it('S0: hr-client as configured in the seed, its may act script referenced by _id, no secret', async () => {
      const scripts = await http(`${json('json', 'scripts')}?_queryFilter=${encodeURIComponent('name eq "hr-agent may act script"')}`, { headers: admin('resource=1.1') });
      expect(scripts.status).toBe(200);
      const script = (scripts.json as { result: Array<{ _id: string; context: string }> }).result[0];
      expect(script).toMatchObject({ _id: expect.stringMatching(UUID), context: 'OAUTH2_MAY_ACT_NEXT_GEN' });

      const res = await http(agents('OAuth2Client/hr-client'), { headers: admin('resource=1.0') });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        _id: 'hr-client',
        _rev: '1',
        coreOAuth2ClientConfig: { clientType: 'Confidential', redirectionUris: [CALLBACK], scopes: ['read', 'write', 'delete'], accessTokenLifetime: 0 },
        // refresh_token too: seed 000 step 3 answers a refresh token, which only a client holding that grant gets.
        advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethod: 'client_secret_basic' },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: script._id },
        _type: { _id: 'OAuth2Client', name: 'OAuth2 Clients', collection: true },
      });
      expect(res.text).not.toContain('userpassword');
      expect(res.text).not.toContain('mySecret');
    });

    it('S0-S4: lists the AI agents, each with client credentials and token exchange', async () => {
      const res = await http(`${agents('AIAgent')}?_queryFilter=true`, { headers: admin('resource=2.0') });
      expect(res.status).toBe(200);
      const { result, resultCount } = res.json as { result: Array<{ _id: string; advancedOAuth2ClientConfig: { grantTypes: string[] } }>; resultCount: number };
      expect(result.map((a) => a._id)).toEqual(['bot-traffic-analyzer-agent', 'data-agent', 'digital-assistant-ai-agent', 'hr-agent', 'risk-agent']);
      expect(resultCount).toBe(5);
      for (const agent of result) expect([...agent.advancedOAuth2ClientConfig.grantTypes].sort()).toEqual(['client_credentials', TX]);
    });

    it('S2: finds the software agent may act script by name, under its fixed _id', async () => {
      const res = await http(`${json('json', 'scripts')}?_queryFilter=${encodeURIComponent('name eq "Software agent may act script"')}`, { headers: admin('resource=1.1') });
      expect(res.json).toMatchObject({ resultCount: 1, result: [{ _id: '4478ca08-5a2a-4b1a-adee-d57c5c032d72', evaluatorVersion: '2.0', language: 'JAVASCRIPT' }] });
    });

    it('S2: the provider allows open dynamic registration and runs the DCR script', async () => {
      const res = await http(json('json', 'realm-config/services/oauth-oidc'), { headers: admin('protocol=1.0,resource=1.0') });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        coreOAuth2Config: { accessTokenLifetime: 3600, codeLifetime: 120, refreshTokenLifetime: 604800 },
        advancedOAuth2Config: { grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TX] },
        clientDynamicRegistrationConfig: { allowDynamicRegistration: true, dynamicClientRegistrationScript: expect.stringMatching(UUID) },
        _type: { _id: 'oauth-oidc', name: 'OAuth2 Provider', collection: false },
      });
    });

    it('S3: the digital assistant may act for bjensen and the hr group at the web app with read-data', async () => {
      const res = await http(agents('AIAgent/digital-assistant-ai-agent/applications/digital-assistant-web-app'), { headers: admin('resource=2.0') });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ _id: 'digital-assistant-web-app', _rev: '1', subjects: ['bjensen'], subjectGroups: ['hr'], permissions: ['read-data'] });
    });

    it('S4: the bot traffic analyzer has one application policy', async () => {
      const res = await http(`${agents('AIAgent/bot-traffic-analyzer-agent/applications')}?_queryFilter=true`, { headers: admin('resource=2.0') });
      expect(res.json).toMatchObject({ resultCount: 1, result: [{ _id: 'web-server-logs-api-app', subjects: [], subjectGroups: [], permissions: ['logs-read', 'logs-search'] }] });
    });

    it('applies an import file once per database: a restart keeps what an admin deleted; a changed file or MANDATE_IMPORT_FORCE applies it', async () => {
      const before = await http(agents('OAuth2Client/hr-client'), { headers: admin('resource=1.0') });
      const registration = stack!.services.get('registration-service')!;
      const restart = async (env: Record<string, string>) => {
        await registration.stop();
        registration.start(env);
        await registration.waitReady();
      };
      const demo = JSON.parse(readFileSync(join(workspaceRoot(), 'config', 'demo.json'), 'utf8')) as { clients: Record<string, Record<string, unknown>> };
      demo.clients['/alpha'] = { ...demo.clients['/alpha'], 'import-probe': { coreOAuth2ClientConfig: { userpassword: 'probeSecret', scopes: ['read'] } } };
      const changed = join(mkdtempSync(join(tmpdir(), 'mandate-import-')), 'import.json');
      writeFileSync(changed, JSON.stringify(demo));
      const probe = () => http(agents('OAuth2Client/import-probe'), { headers: admin('resource=1.0') });

      // A file this database has not seen is applied.
      await restart({ MANDATE_IMPORT: changed, MANDATE_IMPORT_FORCE: 'false' });
      expect((await probe()).status).toBe(200);
      const deleted = await http(agents('OAuth2Client/import-probe'), { method: 'DELETE', headers: adminNoBody('resource=1.0') });
      expect(deleted.status).toBe(200);
      // The same file again: skipped, so the deleted client stays deleted.
      await restart({ MANDATE_IMPORT: changed, MANDATE_IMPORT_FORCE: 'false' });
      expect((await probe()).status).toBe(404);
      // Forced: applied again. While it applies the file, registration-service serves nothing,
      // and its readiness says so: no answer of it comes before its /health/ready answers 200.
      await registration.stop();
      registration.start({ MANDATE_IMPORT: changed, MANDATE_IMPORT_FORCE: 'true' });
      const discovery = `${stack!.baseUrl}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`;
      const ready = () => fetch(registration.healthUrl!).then((r) => r.status === 200, () => false);
      let servedBeforeReady = 0;
      let samples = 0;
      for (const until = Date.now() + 60_000; Date.now() < until; samples++) {
        const served = (await http(discovery)).status === 200;
        const isReady = await ready();
        if (served && !isReady) servedBeforeReady++;
        if (isReady) break;
      }
      expect(await ready()).toBe(true);
      expect({ samples: samples > 1, servedBeforeReady }).toEqual({ samples: true, servedBeforeReady: 0 });
      expect((await probe()).status).toBe(200);
      // The original file, applied at the first start, is skipped; nothing else changed.
      await restart({ MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), MANDATE_IMPORT_FORCE: 'false' });
      expect((await probe()).status).toBe(200);
      const after = await http(agents('OAuth2Client/hr-client'), { headers: admin('resource=1.0') });
      expect(after.json).toEqual(before.json);
      await http(agents('OAuth2Client/import-probe'), { method: 'DELETE', headers: adminNoBody('resource=1.0') });
    });
  });

  describe('OAuth2 clients and AI agents', () => {
    it('creates a client with If-None-Match: * (201), then refuses to create it again (412)', async () => {
      const body = JSON.stringify({
        coreOAuth2ClientConfig: {
          userpassword: { inherited: false, value: 'mySecret' },
          clientType: { inherited: false, value: 'Confidential' },
          redirectionUris: { inherited: false, value: [CALLBACK] },
          scopes: { inherited: false, value: ['read', 'write', 'delete'] },
        },
        advancedOAuth2ClientConfig: { grantTypes: { inherited: false, value: ['authorization_code'] }, tokenEndpointAuthMethod: 'client_secret_basic' },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: 'hr-agent may act script' },
      });
      const created = await http(agents('OAuth2Client/e2e-client'), { method: 'PUT', headers: admin('resource=1.0', { 'If-None-Match': '*' }), body });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ _id: 'e2e-client', _rev: '1', coreOAuth2ClientConfig: { scopes: ['read', 'write', 'delete'] } });
      expect(created.text).not.toContain('mySecret');

      const again = await http(agents('OAuth2Client/e2e-client'), { method: 'PUT', headers: admin('resource=1.0', { 'If-None-Match': '*' }), body });
      expect(again.status).toBe(412);
      expect(again.json).toEqual({ code: 412, reason: 'Precondition Failed', message: 'OAuth2 client e2e-client already exists' });
    });

    it('replaces a client with PUT (200) and deletes it, answering the deleted client', async () => {
      const replaced = await http(agents('OAuth2Client/e2e-client'), {
        method: 'PUT',
        headers: admin('resource=1.0'),
        body: JSON.stringify({ coreOAuth2ClientConfig: { scopes: ['read'] } }),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.json).toMatchObject({ _rev: '2', coreOAuth2ClientConfig: { scopes: ['read'] }, overrideOAuth2ClientConfig: { accessTokenMayActScript: '[Empty]' } });
      const deleted = await http(agents('OAuth2Client/e2e-client'), { method: 'DELETE', headers: adminNoBody('resource=1.0') });
      expect(deleted.status).toBe(200);
      expect(deleted.json).toMatchObject({ _id: 'e2e-client' });
      expect((await http(agents('OAuth2Client/e2e-client'), { headers: admin('resource=1.0') })).status).toBe(404);
    });

    it('refuses a client whose may act script does not exist, naming the field', async () => {
      const res = await http(agents('AIAgent/e2e-agent'), {
        method: 'PUT',
        headers: admin('resource=2.0'),
        body: JSON.stringify({ coreOAuth2ClientConfig: { userpassword: 's' }, overrideOAuth2ClientConfig: { accessTokenMayActScript: 'missing script' } }),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        code: 400,
        reason: 'Bad Request',
        message: 'Invalid attribute specified: overrideOAuth2ClientConfig.accessTokenMayActScript names no script of realm /alpha: missing script',
      });
    });

    it('refuses a client id with characters other than letters, digits, - and _', async () => {
      const res = await http(agents('OAuth2Client/bad%20id'), { method: 'PUT', headers: admin('resource=1.0'), body: '{}' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 400, message: 'Invalid client id bad id: use letters, digits, - and _ only' });
    });
  });

  describe('scripts', () => {
    it('creates (201), reads, replaces and deletes a script', async () => {
      const source = '(function () { token.setMayAct({ client_id: "e2e", sub: "(age!e2e)" }); }());';
      const created = await http(`${json('json', 'scripts')}?_action=create`, {
        method: 'POST',
        headers: admin('resource=1.1'),
        body: JSON.stringify({ name: 'e2e may act', script: b64(source), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT', description: 'e2e', evaluatorVersion: '1.0' }),
      });
      expect(created.status).toBe(201);
      const { _id } = created.json as { _id: string };
      expect(_id).toMatch(UUID);
      expect(created.json).toMatchObject({ name: 'e2e may act', script: b64(source), evaluatorVersion: '1.0', createdBy: 'id=amadmin,ou=user,ou=am-config' });

      const read = await http(json('json', `scripts/${_id}`), { headers: admin('resource=1.1') });
      expect(read.json).toMatchObject({ _id, name: 'e2e may act' });

      const replaced = await http(json('json', `scripts/${_id}`), {
        method: 'PUT',
        headers: admin('resource=1.1'),
        body: JSON.stringify({ name: 'e2e may act', script: b64(source), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN' }),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.json).toMatchObject({ _id, context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' });

      const deleted = await http(json('json', `scripts/${_id}`), { method: 'DELETE', headers: adminNoBody('resource=1.1') });
      expect(deleted.status).toBe(200);
      expect(deleted.json).toEqual({});
    });

    it('refuses to delete a script the provider uses (409)', async () => {
      const query = await http(`${json('json', 'scripts')}?_queryFilter=${encodeURIComponent('name eq "Software agent DCR script"')}`, { headers: admin('resource=1.1') });
      const [{ _id }] = (query.json as { result: Array<{ _id: string }> }).result;
      const res = await http(json('json', `scripts/${_id}`), { method: 'DELETE', headers: adminNoBody('resource=1.1') });
      expect(res.status).toBe(409);
      expect(res.json).toEqual({ code: 409, reason: 'Conflict', message: 'Script Software agent DCR script is in use by the OAuth2 provider' });
    });

    it('refuses a create without _action=create and a malformed query filter', async () => {
      expect((await http(json('json', 'scripts'), { method: 'POST', headers: admin('resource=1.1'), body: '{}' })).status).toBe(400);
      const res = await http(`${json('json', 'scripts')}?_queryFilter=${encodeURIComponent('name eq')}`, { headers: admin('resource=1.1') });
      expect(res.status).toBe(400);
    });
  });

  describe('provider settings and change propagation', () => {
    it('refuses bad provider settings with a 400 naming the field', async () => {
      const res = await http(json('json', 'realm-config/services/oauth-oidc'), {
        method: 'PUT',
        headers: admin('protocol=1.0,resource=1.0'),
        body: JSON.stringify({ coreOAuth2Config: { accessTokenLifetime: 'an hour' } }),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: 400, reason: 'Bad Request', message: 'Invalid attribute specified: coreOAuth2Config.accessTokenLifetime must be a whole number of seconds' });
    });

    it('publishes registration.config.changed over NATS within a second of a write', async () => {
      const before = events.length;
      const sent = Date.now();
      const res = await http(agents('AIAgent/digital-assistant-ai-agent/applications/digital-assistant-web-app'), {
        method: 'PUT',
        headers: admin('resource=2.0'),
        body: JSON.stringify({ subjects: ['bjensen'], subjectGroups: ['hr'], permissions: ['read-data', 'write-data'] }),
      });
      expect(res.status).toBe(200);
      const until = Date.now() + 1_000;
      while (events.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(events.slice(before).map((e) => e.event)).toEqual([{ realm: '/alpha', kind: 'policy', id: 'digital-assistant-ai-agent/digital-assistant-web-app' }]);
      expect(events[before].at - sent).toBeLessThan(1_000);
    });
  });
});
