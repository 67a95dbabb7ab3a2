import { join } from 'node:path';
import { type Infra, type LocalNats, type MandateStack, MandateProcess, SERVICE_APPS, distDir, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { Client } from 'pg';
import { ALPHA } from './support/demo-stack';

// Issue 10: what an operator relies on. Prometheus metrics on the gateway and every service,
// the OpenAPI document, the one-shot migration step, graceful drain of a replica under load, and
// readiness that follows NATS and Postgres. Distributed mode, config/demo.json imported.

/** The value of the first sample of `name` whose labels include `labels`, from a text exposition. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = body.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('operations (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  const discovery = () => http(`${stack!.baseUrl}/oauth2${ALPHA}/.well-known/openid-configuration`);
  const clientCredentials = () =>
    http(`${stack!.baseUrl}/oauth2${ALPHA}/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }).toString(),
    });
  const service = (app: (typeof SERVICE_APPS)[number]) => stack!.services.get(app)!;
  const ready = (app: (typeof SERVICE_APPS)[number]) => http(`${service(app).origin}/health/ready`);

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({ mode: 'distributed', infra, env: { MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), RPC_TIMEOUT_MS: '2000' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  describe('metrics', () => {
    it('serves no /metrics on the public port: 404', async () => {
      const res = await http(`${stack!.origin}/metrics`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Not Found' });
    });

    it('counts gateway requests by route pattern and status class at /metrics on the internal HEALTH_PORT', async () => {
      expect((await discovery()).status).toBe(200);
      expect((await discovery()).status).toBe(200);
      const res = await http(`${stack!.internalOrigin}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const route = { service: 'gateway', method: 'GET', route: '/am/oauth2/.well-known/openid-configuration', status_class: '2xx' };
      expect(sample(res.text, 'mandate_http_requests_total', route)).toBeGreaterThanOrEqual(2);
      expect(sample(res.text, 'mandate_http_request_duration_seconds_count', route)).toBeGreaterThanOrEqual(2);
      expect(sample(res.text, 'mandate_rpc_client_duration_seconds_count', { service: 'gateway', subject: 'registration.discovery.get', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(res.text).toContain('process_resident_memory_bytes');
      // Labels carry route patterns only: never a realm name from the URL, never a token.
      expect(res.text).not.toMatch(/alpha|realms\/root/);
    });

    it('counts an unknown URL as unmatched rather than by its path', async () => {
      expect((await http(`${stack!.baseUrl}/json${ALPHA}/no-such-thing/abc123`)).status).toBe(404);
      const res = await http(`${stack!.internalOrigin}/metrics`);
      expect(sample(res.text, 'mandate_http_requests_total', { service: 'gateway', route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
      expect(res.text).not.toContain('abc123');
    });

    it('times every handled subject by outcome at a service’s /metrics on its health port', async () => {
      expect((await discovery()).status).toBe(200);
      const refused = await http(`${stack!.baseUrl}/oauth2${ALPHA}/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=hr-agent&client_secret=wrong',
      });
      expect(refused.status).toBe(401);
      const registration = await http(`${service('registration-service').origin}/metrics`);
      expect(registration.status).toBe(200);
      const ok = { service: 'registration-service', subject: 'registration.discovery.get', outcome: 'ok' };
      expect(sample(registration.text, 'mandate_rpc_handled_total', ok)).toBeGreaterThanOrEqual(1);
      expect(sample(registration.text, 'mandate_rpc_handle_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBeGreaterThanOrEqual(1);
      const token = await http(`${service('token-service').origin}/metrics`);
      expect(sample(token.text, 'mandate_rpc_handled_total', { service: 'token-service', subject: 'token.grant', outcome: 'invalid_client' })).toBe(1);
    });

    it('counts issued tokens by grant type, client type and format, and may-act script runs by outcome, at token-service’s /metrics', async () => {
      const issue = (clientId: string, scope: string) =>
        http(`${stack!.baseUrl}/oauth2${ALPHA}/access_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'mySecret', scope }).toString(),
        });
      const scrape = async () => (await http(`${service('token-service').origin}/metrics`)).text;
      const issued = (clientType: string, format: string) => ({ service: 'token-service', grant_type: 'client_credentials', client_type: clientType, format });
      const mayActOk = { service: 'token-service', kind: 'may_act', outcome: 'ok' };
      const counts = (body: string) => ({
        agentOpaque: sample(body, 'mandate_tokens_issued_total', issued('AIAgent', 'opaque')) ?? 0,
        agentJwt: sample(body, 'mandate_tokens_issued_total', issued('AIAgent', 'jwt')) ?? 0,
        clientJwt: sample(body, 'mandate_tokens_issued_total', issued('OAuth2Client', 'jwt')) ?? 0,
        mayActRuns: sample(body, 'mandate_script_runs_total', mayActOk) ?? 0,
        mayActTimed: sample(body, 'mandate_script_run_duration_seconds_count', mayActOk) ?? 0,
      });
      await eventually(async () => (await issue('hr-agent', 'read')).status === 200); // the demo import runs beside readiness
      const before = counts(await scrape());

      const opaque = await issue('hr-agent', 'read');
      expect(opaque.status).toBe(200);
      expect((opaque.json as { access_token: string }).access_token.split('.')).toHaveLength(1);
      const jwt = await issue('digital-assistant-ai-agent', 'read-data');
      expect(jwt.status).toBe(200);
      expect((jwt.json as { access_token: string }).access_token.split('.')).toHaveLength(3);
      expect((await issue('web-server-logs-api-app', 'logs-read')).status).toBe(200);
      // data-agent names the legacy (JavaImporter) "risk-agent may act script": it runs at issuance.
      expect((await issue('data-agent', 'read')).status).toBe(200);

      const body = await scrape();
      expect(counts(body)).toEqual({
        agentOpaque: before.agentOpaque + 2,
        agentJwt: before.agentJwt + 1,
        clientJwt: before.clientJwt + 1,
        mayActRuns: before.mayActRuns + 1,
        mayActTimed: before.mayActTimed + 1,
      });
      // Bounded labels: never a client id, a realm or a token value.
      expect(body).not.toMatch(/hr-agent|data-agent|alpha|access_token=/);
    });
  });

  describe('the OpenAPI document', () => {
    it('is served at /am/openapi.json as OpenAPI 3.1 with this deployment’s base URL, and documents every area', async () => {
      const res = await http(`${stack!.baseUrl}/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const document = res.json as { openapi: string; servers: unknown; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toBe('3.1.0');
      expect(document.servers).toEqual([{ url: stack!.baseUrl }]);
      const json = (p: string) => `/json/realms/root/realms/{realm}${p}`;
      const oauth2 = (p: string) => `/oauth2/realms/root/realms/{realm}${p}`;
      expect(Object.keys(document.paths).sort()).toEqual(
        [
          json('/authenticate'),
          json('/sessions'),
          json('/users'),
          json('/users/{id}'),
          json('/users/{id}/delegations'),
          json('/delegations/{authGrantId}'),
          json('/groups'),
          json('/groups/{id}'),
          json('/realm-config/keys'),
          json('/audit'),
          json('/realm-config/services/oauth-oidc'),
          json('/realm-config/services/oauth-oidc/initialAccessTokens'),
          json('/realm-config/services/oauth-oidc/initialAccessTokens/{id}'),
          json('/realm-config/agents/{type}'),
          json('/realm-config/agents/{type}/{id}'),
          json('/realm-config/agents/AIAgent/{agentId}/applications'),
          json('/realm-config/agents/AIAgent/{agentId}/applications/{applicationId}'),
          json('/realm-config/agents/AIAgent/{agentId}/delegations'),
          json('/realm-config/agents/AIAgent/{agentId}/audit'),
          json('/users/{user}/approvals'),
          json('/users/{user}/approvals/{id}'),
          json('/scripts'),
          json('/scripts/{id}'),
          oauth2('/authorize'),
          oauth2('/bc-authorize'),
          oauth2('/approvals'),
          oauth2('/approvals/{id}'),
          oauth2('/login'),
          oauth2('/access_token'),
          oauth2('/introspect'),
          oauth2('/tokeninfo'),
          oauth2('/token/revoke'),
          oauth2('/register'),
          oauth2('/aiagent/register'),
          oauth2('/connect/jwk_uri'),
          oauth2('/.well-known/openid-configuration'),
          oauth2('/.well-known/oauth-authorization-server'),
          '/openapi.json',
          '/console',
          '/console/*',
          '/health/live',
          '/health/ready',
        ].sort(),
      );
      expect(document.paths[oauth2('/access_token')].post).toMatchObject({ responses: { '400': { $ref: '#/components/responses/OAuthError' } } });
    });
  });

  describe('the one-shot migration step', () => {
    it('runs every service’s migrations into an empty database and exits 0, again as a no-op', async () => {
      const postgres = infra!.postgres!;
      const adminUrl = postgres.url.replace(/\/[^/]*$/, '/postgres');
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE migrate_only');
      await admin.end();
      const url = postgres.url.replace(/\/[^/]*$/, '/migrate_only');
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: url,
        MANDATE_MIGRATE_ONLY: 'true',
        // Nothing listens here: the step must not need NATS.
        NATS_URL: 'nats://127.0.0.1:1',
        LOG_LEVEL: 'warn',
      };
      for (const round of [1, 2]) {
        const codes = await Promise.all(
          SERVICE_APPS.map(async (app) => {
            const proc = new MandateProcess(app, distDir(), env);
            proc.start();
            const code = await proc.exit();
            return { app, round, code, output: code === 0 ? '' : proc.output.toString() };
          }),
        );
        expect(codes).toEqual(SERVICE_APPS.map((app) => ({ app, round, code: 0, output: '' })));
      }
      const db = new Client({ connectionString: url });
      await db.connect();
      try {
        const schemas = (await db.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('registration','authn','authorize','token','introspection')")).rows.map((r) => r.schema_name);
        expect(schemas.sort()).toEqual(['authn', 'authorize', 'introspection', 'registration', 'token']);
        for (const schema of ['registration', 'authn', 'token']) {
          const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}"."migrations"`);
          expect(rows[0].n).toBeGreaterThan(0);
        }
      } finally {
        await db.end();
      }
    });
  });

  describe('graceful drain', () => {
    it('loses no request when one of two token-service replicas gets SIGTERM mid-stream', async () => {
      const first = service('token-service');
      await stack!.addReplica('token-service');
      const failures: string[] = [];
      let sent = 0;
      let stopping = false;
      const worker = async () => {
        while (!stopping) {
          sent++;
          const res = await clientCredentials().catch((error: Error) => ({ status: 0, text: error.message }));
          if (res.status !== 200) failures.push(`${res.status} ${res.text}`);
        }
      };
      const workers = Array.from({ length: 6 }, worker);
      await new Promise((r) => setTimeout(r, 1000));
      const sentBefore = sent;
      expect(await first.stop('SIGTERM')).toBe(0);
      await new Promise((r) => setTimeout(r, 1500));
      stopping = true;
      await Promise.all(workers);
      expect(failures).toEqual([]);
      expect(sentBefore).toBeGreaterThan(10);
      expect(sent - sentBefore).toBeGreaterThan(10);
    });
  });

  describe('readiness', () => {
    it('turns 503 while NATS is down and 200 when it is back', async () => {
      const nats = infra!.nats as LocalNats;
      if (typeof nats.start !== 'function') return; // a container NATS cannot be restarted on the same port
      expect((await ready('authn-service')).status).toBe(200);
      await nats.stop();
      try {
        await eventually(async () => (await ready('authn-service')).status === 503);
        const down = await ready('authn-service');
        expect((down.json as { error: Record<string, unknown> }).error).toHaveProperty('nats');
      } finally {
        await nats.start();
      }
      await eventually(async () => (await ready('authn-service')).status === 200);
      await eventually(async () => (await discovery()).status === 200);
    });

    it('turns 503 while Postgres is down and 200 when it is back', async () => {
      const postgres = infra!.postgres!;
      if (!postgres.stopServer || !postgres.startServer) return; // a container Postgres is not restarted here
      expect((await ready('authn-service')).status).toBe(200);
      await postgres.stopServer();
      try {
        await eventually(async () => (await ready('authn-service')).status === 503);
        const down = await ready('authn-service');
        expect((down.json as { error: Record<string, unknown> }).error).toHaveProperty('database');
        expect((await http(`${service('authn-service').origin}/health/live`)).status).toBe(200);
      } finally {
        await postgres.startServer();
      }
      await eventually(async () => (await ready('authn-service')).status === 200);
      await eventually(async () => (await http(`${stack!.origin}/health/ready`)).status === 200);
    });
  });

  describe('change events across a NATS outage', () => {
    it('sees a change whose event a service missed right after its bus connection is back, not when its cache expires (60 s)', async () => {
      const nats = infra!.nats as LocalNats;
      if (typeof nats.start !== 'function') return; // a container NATS cannot be restarted on the same port
      const issue = () =>
        http(`${stack!.baseUrl}/oauth2${ALPHA}/access_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bot-traffic-analyzer-agent', client_secret: 'mySecret', scope: 'monitor-system' }).toString(),
        });
      await eventually(async () => (await issue()).status === 200); // token-service caches the agent
      const cached = Date.now();
      // A change no event announces: what a service sees when it missed the event.
      const db = new Client({ connectionString: infra!.postgres!.url });
      await db.connect();
      try {
        await db.query(`UPDATE registration.clients SET config = jsonb_set(config, '{coreOAuth2ClientConfig,status}', '"Inactive"') WHERE client_id = 'bot-traffic-analyzer-agent'`);
      } finally {
        await db.end();
      }
      expect((await issue()).status).toBe(200); // still the cached, Active agent

      await nats.restart();
      await eventually(async () => (await issue()).status === 401);
      expect((await issue()).json).toMatchObject({ error: 'invalid_client' });
      expect(Date.now() - cached).toBeLessThan(30_000);
    });
  });
});

describe('operations (embedded: every service in one process)', () => {
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    stack = await startMandate({ mode: 'embedded' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows every app’s series in the one registry at /metrics on the internal HEALTH_PORT, each under its service label, and none on the public port', async () => {
    expect((await http(`${stack!.baseUrl}/oauth2${ALPHA}/.well-known/openid-configuration`)).status).toBe(200);
    const res = await http(`${stack!.internalOrigin}/metrics`);
    expect(res.status).toBe(200);
    expect(sample(res.text, 'mandate_http_requests_total', { service: 'gateway', route: '/am/oauth2/.well-known/openid-configuration', status_class: '2xx' })).toBe(1);
    expect(sample(res.text, 'mandate_rpc_client_duration_seconds_count', { service: 'gateway', subject: 'registration.discovery.get', outcome: 'ok' })).toBe(1);
    expect(sample(res.text, 'mandate_rpc_handled_total', { service: 'registration-service', subject: 'registration.discovery.get', outcome: 'ok' })).toBe(1);
    // One HELP line per series although six apps registered them.
    expect(res.text.match(/^# HELP mandate_rpc_handled_total /gm)).toHaveLength(1);
    expect((await http(`${stack!.origin}/metrics`)).status).toBe(404);
  });
});
