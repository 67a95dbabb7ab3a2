import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type ConfigChangedEvent, ServiceNames, Messages, type RequestMessage, type SentBy } from '@mandate/contracts';
import { CrestError, OAuthError } from '@mandate/oauth';
import { PersistenceModule, registrationStorage } from '@mandate/persistence';
import {
  ConfigCacheModule,
  ConfigCaches,
  PlatformModule,
  RegistrationConfigClient,
  RpcClient,
  RpcErrorFilter,
  configProvider,
  createClient,
  createLogger,
  issuerConfig,
  loadConfig,
  serverOptions,
  transportConfig,
} from '@mandate/platform';
import { type LocalNats, type LocalPostgres, startLocalNats, startLocalPostgres, workspaceRoot } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { ConfigChangePublisher } from './events/config-change.publisher';
import { DeclarativeImport } from './import/declarative-import';
import { importFileSchema } from './import/import-file.schema';
import { REALM_CONFIG_HANDLERS, REALM_CONFIG_PROVIDERS } from './realm-config/realm-config.parts';
import { RealmHandler } from './realms/realm.handler';
import { RealmService } from './realms/realm.service';
import { ADMIN_TOKEN, SessionValidateFakeHandler, USER_TOKEN } from './test/session-validate-fake.handler';
import { CatalogueCallers, servePeerFakes } from './test/peer-fakes';

jest.setTimeout(90_000);

const TX = 'urn:ietf:params:oauth:grant-type:token-exchange';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const MAY_ACT = '(function () { token.setMayAct({ client_id: "hr-agent", sub: "(age!hr-agent)" }); }());';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(['inproc', 'nats'] as const)('realm configuration over the %s transport', (kind) => {
  let pg: LocalPostgres;
  let nats: LocalNats | undefined;
  let moduleRef: TestingModule;
  let app: INestMicroservice;
  let rpc: Pick<RpcClient, 'request' | 'onApplicationShutdown'>;
  let fakes: INestMicroservice[] = [];
  let db: DataSource;
  const events: ConfigChangedEvent[] = [];
  const saved: Record<string, string | undefined> = {};

  function setEnv(env: Record<string, string | undefined>) {
    for (const [k, v] of Object.entries(env)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }

  const admin = <M extends RequestMessage>(message: M, payload: Record<string, unknown>) =>
    rpc.request(message, { realm: '/alpha', tokenId: ADMIN_TOKEN, ...payload } as SentBy<M>);
  const putClient = (type: 'OAuth2Client' | 'AIAgent', id: string, body: Record<string, unknown>, createOnly = false) =>
    admin(Messages.registration.adminAgentPut, { type, id, body, createOnly });
  const createScript = (body: Record<string, unknown>) => admin(Messages.registration.adminScriptCreate, { body });

  /** Resolves with the first change event matching `match` published from now on. */
  function nextEvent(match: Partial<ConfigChangedEvent>): Promise<ConfigChangedEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event ${JSON.stringify(match)}`)), 5_000);
      const off = moduleRef.get(ConfigCaches).onChange((event) => {
        if (Object.entries(match).every(([k, v]) => event[k as keyof ConfigChangedEvent] === v)) {
          clearTimeout(timer);
          off();
          resolve(event);
        }
      });
    });
  }

  beforeAll(async () => {
    pg = await startLocalPostgres();
    // Over NATS the bus enforces the generated identities and permissions, as in production.
    if (kind === 'nats') nats = await startLocalNats({ secure: true });
    setEnv({ MANDATE_TRANSPORT: kind, NATS_URL: nats?.url, NATS_NKEY_SEED_FILE: nats?.secrets?.seedFile('registration-service'), NATS_TLS_CA_FILE: nats?.secrets?.caFile, RPC_TIMEOUT_MS: '10000', LOG_LEVEL: 'silent', MANDATE_IMPORT: undefined, AM_BASE_URL: 'https://am.example.com:8443/am' });
    moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forService(ServiceNames.registration, { database: true }),
        PersistenceModule.forService(registrationStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })),
        ConfigCacheModule,
      ],
      // In one process the fake answers beside the real handlers; over NATS it is authn-service.
      controllers: [RealmHandler, ...REALM_CONFIG_HANDLERS, ...(nats ? [] : [SessionValidateFakeHandler])],
      providers: [configProvider(issuerConfig), RealmService, ...REALM_CONFIG_PROVIDERS],
    }).compile();
    db = moduleRef.get(DataSource);
    const config = loadConfig(transportConfig);
    app = moduleRef.createNestMicroservice(serverOptions(config, 'registration-service'));
    app.useLogger(false);
    app.useGlobalFilters(new RpcErrorFilter(createLogger('registration-service', 'silent')));
    await app.listen();
    if (nats) {
      fakes = await servePeerFakes(config, nats, [['authn-service', SessionValidateFakeHandler]]);
      rpc = new CatalogueCallers(config, nats);
    } else {
      rpc = new RpcClient(createClient(config, 'gateway'), config, createLogger('gateway', 'silent'));
    }
    moduleRef.get(ConfigCaches).onChange((event) => events.push(event));
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await Promise.all(fakes.map((f) => f.close()));
    await nats?.stop();
    await pg?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  describe('admin access', () => {
    it('answers 401 "Access Denied" without an SSO token and for an unknown one', async () => {
      for (const tokenId of [undefined, 'nobody']) {
        const error = await rejectionOf(rpc.request(Messages.registration.adminProviderRead, { realm: '/alpha', tokenId }));
        expect(error).toBeInstanceOf(CrestError);
        expect(error).toMatchObject({ status: 401, code: 'Unauthorized', description: 'Access Denied' });
      }
    });

    it('answers 403 for a live session that is not amadmin’s', async () => {
      const error = await rejectionOf(rpc.request(Messages.registration.adminAgentQuery, { realm: '/alpha', tokenId: USER_TOKEN, type: 'AIAgent', filter: { op: 'true' } }));
      expect(error).toMatchObject({ status: 403, code: 'Forbidden', description: 'User, bjensen, not authorized.' });
    });

    it('answers 404 for an unknown realm', async () => {
      const error = await rejectionOf(rpc.request(Messages.registration.adminProviderRead, { realm: '/nope', tokenId: ADMIN_TOKEN }));
      expect(error).toMatchObject({ status: 404, description: 'Realm /nope not found' });
    });
  });

  describe('provider settings', () => {
    it('reads the documented defaults', async () => {
      const settings = await admin(Messages.registration.adminProviderRead, {});
      expect(settings).toMatchObject({
        _id: '',
        _rev: '0',
        _type: { _id: 'oauth-oidc', name: 'OAuth2 Provider', collection: false },
        coreOAuth2Config: { accessTokenLifetime: 3600, codeLifetime: 120, refreshTokenLifetime: 604800, statelessTokensEnabled: false, issueRefreshToken: true },
        advancedOAuth2Config: {
          grantTypes: ['authorization_code', 'client_credentials', 'password', 'refresh_token', TX],
          defaultScopes: [],
          supportedScopes: [],
          tokenSigningAlgorithm: 'RS256',
        },
        clientDynamicRegistrationConfig: {
          allowDynamicRegistration: false,
          dynamicClientRegistrationScript: '[Empty]',
          dynamicClientRegistrationScope: 'dynamic_client_registration',
          dynamicClientRegistrationGrantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
        },
        consent: { clientsCanSkipConsent: false, enableRemoteConsent: false },
      });
    });

    it('refuses a bad value with a 400 that names every bad field', async () => {
      const error = await rejectionOf(
        admin(
          Messages.registration.adminProviderReplace,
          {
            body: {
              coreOAuth2Config: { accessTokenLifetime: -5 },
              advancedOAuth2Config: { grantTypes: ['authorization_code', 'magic'], tokenSigningAlgorithm: 'none' },
              clientDynamicRegistrationConfig: { dynamicClientRegistrationGrantTypes: ['client_credentials', 'anything'] },
            },
          }),
      );
      expect(error).toBeInstanceOf(CrestError);
      const { status, description } = error as CrestError;
      expect(status).toBe(400);
      expect(description).toMatch(/^Invalid attribute specified: /);
      expect(description).toContain('coreOAuth2Config.accessTokenLifetime must be 0 or more');
      expect(description).toContain('advancedOAuth2Config.grantTypes.1 has an unknown grant type: magic');
      expect(description).toContain('advancedOAuth2Config.tokenSigningAlgorithm must be one of');
      expect(description).toContain('clientDynamicRegistrationConfig.dynamicClientRegistrationGrantTypes.1 has an unknown grant type: anything');
    });

    it('replaces the settings (omitted values return to their defaults) and announces the change', async () => {
      const changed = nextEvent({ kind: 'provider' });
      await admin(Messages.registration.adminProviderReplace, { body: { coreOAuth2Config: { accessTokenLifetime: { inherited: false, value: 600 } } } });
      await expect(changed).resolves.toEqual({ realm: '/alpha', kind: 'provider', id: 'oauth-oidc' });
      const replaced = await admin(Messages.registration.adminProviderReplace, { body: { advancedOAuth2Config: { grantTypes: ['client_credentials'] } } });
      expect(replaced).toMatchObject({ _rev: '2', coreOAuth2Config: { accessTokenLifetime: 3600 }, advancedOAuth2Config: { grantTypes: ['client_credentials'] } });
      const effective = await rpc.request(Messages.registration.providerGet, { realm: '/alpha' });
      expect(effective.advancedOAuth2Config.grantTypes).toEqual(['client_credentials']);
      await admin(Messages.registration.adminProviderReplace, { body: {} });
    });

    it('keeps the effective settings until a provider change arrives, from this replica or another', async () => {
      const grants = async () => (await rpc.request(Messages.registration.providerGet, { realm: '/alpha' })).advancedOAuth2Config.grantTypes;
      expect(await grants()).toEqual(['authorization_code', 'client_credentials', 'password', 'refresh_token', TX]);
      // Another replica's write: the row changes, this instance has not heard of it yet.
      await db.query(
        `UPDATE "registration"."provider_settings" SET "settings" = $1, "rev" = "rev" + 1 WHERE "realm_id" = (SELECT "id" FROM "registration"."realms" WHERE "path" = '/alpha')`,
        [{ advancedOAuth2Config: { grantTypes: ['client_credentials'] } }],
      );
      expect(await grants()).toEqual(['authorization_code', 'client_credentials', 'password', 'refresh_token', TX]);
      // ...and its announcement, over the transport as that replica sends it.
      const heard = nextEvent({ kind: 'provider' });
      await moduleRef.get(ConfigChangePublisher).changed({ realm: '/alpha', kind: 'provider', id: 'oauth-oidc' });
      await heard;
      expect(await grants()).toEqual(['client_credentials']);
      // This replica's own write is read back at once, before any event.
      await admin(Messages.registration.adminProviderReplace, { body: {} });
      expect(await grants()).toEqual(['authorization_code', 'client_credentials', 'password', 'refresh_token', TX]);
    });
  });

  describe('scripts', () => {
    it('creates a script with a UUID _id; the context decides the evaluator version', async () => {
      const script = await createScript({ name: 'svc may act', script: b64(MAY_ACT), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT', evaluatorVersion: '2.0' });
      expect(script).toMatchObject({
        _id: expect.stringMatching(UUID),
        name: 'svc may act',
        script: b64(MAY_ACT),
        language: 'JAVASCRIPT',
        context: 'OAUTH2_MAY_ACT',
        evaluatorVersion: '1.0',
        createdBy: 'id=amadmin,ou=user,ou=am-config',
        creationDate: expect.any(Number),
      });
      const view = await rpc.request(Messages.registration.scriptGet, { realm: '/alpha', ref: 'svc may act' });
      expect(view).toEqual({ _id: script['_id'], name: 'svc may act', context: 'OAUTH2_MAY_ACT', language: 'JAVASCRIPT', evaluatorVersion: '1.0', source: MAY_ACT });
    });

    it('finds scripts with _queryFilter and refuses a second script of the same name', async () => {
      const found = await admin(Messages.registration.adminScriptQuery, { filter: { op: 'eq', field: ['name'], value: 'svc may act' } });
      expect(found.resultCount).toBe(1);
      const error = await rejectionOf(createScript({ name: 'svc may act', script: b64('1'), context: 'OAUTH2_MAY_ACT' }));
      expect(error).toMatchObject({ status: 409, description: 'A script named svc may act already exists' });
    });

    it('refuses a script body that is not base64, naming the field', async () => {
      const error = await rejectionOf(createScript({ name: 'bad', script: 'not base64!', context: 'OAUTH2_MAY_ACT' }));
      expect(error).toMatchObject({ status: 400, description: 'Invalid attribute specified: script must be base64' });
    });
  });

  describe('OAuth2 clients and AI agents', () => {
    it('creates a client from wrapped and plain values, stores the secret as argon2id and never returns it', async () => {
      const { created, resource } = await putClient(
        'OAuth2Client',
        'svc-client',
        {
          coreOAuth2ClientConfig: {
            userpassword: { inherited: false, value: 'mySecret' },
            redirectionUris: { inherited: false, value: ['https://www.example.com:443/callback'] },
            scopes: ['read', 'write', 'delete'],
          },
          overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: 'svc may act' },
        },
        true,
      );
      expect(created).toBe(true);
      expect(resource).toMatchObject({
        _id: 'svc-client',
        _rev: '1',
        _type: { _id: 'OAuth2Client', name: 'OAuth2 Clients', collection: true },
        coreOAuth2ClientConfig: { clientType: 'Confidential', redirectionUris: ['https://www.example.com:443/callback'], scopes: ['read', 'write', 'delete'], accessTokenLifetime: 0 },
        advancedOAuth2ClientConfig: { grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'client_secret_basic' },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: expect.stringMatching(UUID) },
      });
      expect(JSON.stringify(resource)).not.toContain('mySecret');
      expect(resource['coreOAuth2ClientConfig']).not.toHaveProperty('userpassword');
      const [{ secret_hash }] = await db.query(`SELECT "secret_hash" FROM "registration"."clients" WHERE "client_id" = 'svc-client'`);
      expect(secret_hash).toMatch(/^\$argon2id\$/);
    });

    it('answers 412 to a create-only PUT of an existing client', async () => {
      const error = await rejectionOf(putClient('OAuth2Client', 'svc-client', { coreOAuth2ClientConfig: { userpassword: 'x' } }, true));
      expect(error).toMatchObject({ status: 412, code: 'Precondition Failed' });
    });

    it('refuses client ids outside letters, digits, - and _', async () => {
      const error = await rejectionOf(putClient('OAuth2Client', 'bad.id', { coreOAuth2ClientConfig: { userpassword: 'x' } }));
      expect(error).toMatchObject({ status: 400, description: 'Invalid client id bad.id: use letters, digits, - and _ only' });
    });

    it('refuses a dangling script reference when the client is saved', async () => {
      const error = await rejectionOf(putClient('OAuth2Client', 'svc-dangling', { coreOAuth2ClientConfig: { userpassword: 'x' }, overrideOAuth2ClientConfig: { accessTokenMayActScript: 'no such script' } }));
      expect(error).toMatchObject({
        status: 400,
        description: 'Invalid attribute specified: overrideOAuth2ClientConfig.accessTokenMayActScript names no script of realm /alpha: no such script',
      });
    });

    it('gives an AI agent without grant types client credentials and token exchange', async () => {
      const { resource } = await putClient('AIAgent', 'svc-agent', { coreOAuth2ClientConfig: { userpassword: 'agentSecret', scopes: ['read-data'] } });
      expect(resource).toMatchObject({ _type: { _id: 'AIAgent', name: 'AI Agents', collection: true }, advancedOAuth2ClientConfig: { grantTypes: ['client_credentials', TX] } });
      const error = await rejectionOf(admin(Messages.registration.adminAgentRead, { type: 'OAuth2Client', id: 'svc-agent' }));
      expect(error).toMatchObject({ status: 404, description: 'OAuth2 client svc-agent not found' });
    });

    it('serves the internal view with provider-inherited values and the secret hash', async () => {
      const view = await rpc.request(Messages.registration.clientGet, { realm: '/alpha', clientId: 'svc-client' });
      expect(view).toMatchObject({
        clientId: 'svc-client',
        agentType: 'OAuth2Client',
        accessTokenLifetime: 3600,
        refreshTokenLifetime: 604800,
        authorizationCodeLifetime: 120,
        providerOverridesEnabled: true,
        accessTokenMayActScript: expect.stringMatching(UUID),
        secretHash: expect.stringMatching(/^\$argon2id\$/),
      });
      expect(await rpc.request(Messages.registration.clientGet, { realm: '/alpha', clientId: 'nobody' })).toBeNull();
    });

    it('authenticates a client by its secret and refuses a wrong one with invalid_client', async () => {
      const view = await rpc.request(Messages.registration.clientAuthenticate, { realm: '/alpha', clientId: 'svc-client', secret: 'mySecret' });
      expect(view.clientId).toBe('svc-client');
      expect(view).not.toHaveProperty('secretHash');
      for (const [clientId, secret] of [['svc-client', 'wrong'], ['nobody', 'mySecret']]) {
        const error = await rejectionOf(rpc.request(Messages.registration.clientAuthenticate, { realm: '/alpha', clientId, secret }));
        expect(error).toBeInstanceOf(OAuthError);
        expect(error).toMatchObject({ status: 401, code: 'invalid_client', description: 'Client authentication failed' });
      }
    });

    it('replaces a client: omitted settings reset, the secret stays', async () => {
      const { created, resource } = await putClient('OAuth2Client', 'svc-client', { coreOAuth2ClientConfig: { scopes: ['read'] } });
      expect(created).toBe(false);
      expect(resource).toMatchObject({ _rev: '2', coreOAuth2ClientConfig: { scopes: ['read'], redirectionUris: [] }, overrideOAuth2ClientConfig: { accessTokenMayActScript: '[Empty]' } });
      await expect(rpc.request(Messages.registration.clientAuthenticate, { realm: '/alpha', clientId: 'svc-client', secret: 'mySecret' })).resolves.toBeTruthy();
    });

    it('lists clients with _queryFilter=true, per type', async () => {
      const clients = await admin(Messages.registration.adminAgentQuery, { type: 'OAuth2Client', filter: { op: 'true' } });
      expect(clients.result.map((c) => c['_id'])).toEqual(['svc-client']);
      expect(clients).toMatchObject({ resultCount: 1, pagedResultsCookie: null, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 });
    });
  });

  describe('application policies and the script in use', () => {
    it('stores an AI agent’s policy and serves it by audience with its effective permissions', async () => {
      const { created, resource } = await admin(
        Messages.registration.adminPolicyPut,
        { agentId: 'svc-agent', applicationId: 'svc-client', body: { subjects: ['bjensen'], subjectGroups: ['hr'], permissions: [] }, createOnly: true });
      expect(created).toBe(true);
      expect(resource).toEqual({ _id: 'svc-client', _rev: '1', subjects: ['bjensen'], subjectGroups: ['hr'], permissions: [] });
      const policy = await rpc.request(Messages.registration.policyGet, { realm: '/alpha', agentId: 'svc-agent', audience: 'svc-client' });
      expect(policy).toEqual({ agentId: 'svc-agent', applicationId: 'svc-client', subjects: ['bjensen'], subjectGroups: ['hr'], permissions: [], effectivePermissions: ['read'] });
      expect(await rpc.request(Messages.registration.policyGet, { realm: '/alpha', agentId: 'svc-agent', audience: 'other' })).toBeNull();
    });

    it('refuses a policy for an application that does not exist', async () => {
      const error = await rejectionOf(admin(Messages.registration.adminPolicyPut, { agentId: 'svc-agent', applicationId: 'ghost', body: {}, createOnly: false }));
      expect(error).toMatchObject({ status: 400, description: 'Invalid attribute specified: applicationId names no client of realm /alpha: ghost' });
    });

    it('refuses to delete a script a client references, and deletes it once unused', async () => {
      const [script] = (await admin(Messages.registration.adminScriptQuery, { filter: { op: 'eq', field: ['name'], value: 'svc may act' } })).result;
      await putClient('AIAgent', 'svc-user', { coreOAuth2ClientConfig: { userpassword: 's' }, overrideOAuth2ClientConfig: { accessTokenMayActScript: script['_id'] } });
      const error = await rejectionOf(admin(Messages.registration.adminScriptDelete, { id: script['_id'] }));
      expect(error).toMatchObject({ status: 409, description: 'Script svc may act is in use by client svc-user' });
      const removed = await admin(Messages.registration.adminAgentDelete, { type: 'AIAgent', id: 'svc-user' });
      expect(removed).toMatchObject({ _id: 'svc-user' });
      expect(await admin(Messages.registration.adminScriptDelete, { id: script['_id'] })).toEqual({});
    });

    it('deletes an agent’s policies with the agent', async () => {
      await admin(Messages.registration.adminAgentDelete, { type: 'AIAgent', id: 'svc-agent' });
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "registration"."application_policies" WHERE "agent_id" = 'svc-agent'`);
      expect(n).toBe(0);
    });
  });

  describe('change propagation', () => {
    it('publishes registration.config.changed for every write', () => {
      expect(events).toEqual(
        expect.arrayContaining([
          { realm: '/alpha', kind: 'provider', id: 'oauth-oidc' },
          { realm: '/alpha', kind: 'script', id: expect.stringMatching(UUID) },
          { realm: '/alpha', kind: 'client', id: 'svc-client' },
          { realm: '/alpha', kind: 'policy', id: 'svc-agent/svc-client' },
        ]),
      );
    });

    it('serves a client from the cache until a change event drops it, then the new value within a second', async () => {
      // The cache as a service that reads clients keeps it (token-service, over NATS: registration-service never asks itself).
      const config = rpc instanceof CatalogueCallers ? new RegistrationConfigClient(rpc.as('token-service'), moduleRef.get(ConfigCaches)) : moduleRef.get(RegistrationConfigClient);
      const announced = nextEvent({ kind: 'client', id: 'svc-cached' });
      await putClient('OAuth2Client', 'svc-cached', { coreOAuth2ClientConfig: { userpassword: 's', scopes: ['a'] } });
      await announced;
      expect((await config.client('/alpha', 'svc-cached'))?.scopes).toEqual(['a']);
      // Changed behind the service's back: the cache still answers, no database read.
      await db.query(`UPDATE "registration"."clients" SET "config" = jsonb_set("config", '{coreOAuth2ClientConfig,scopes}', '["sneaky"]') WHERE "client_id" = 'svc-cached'`);
      expect((await config.client('/alpha', 'svc-cached'))?.scopes).toEqual(['a']);

      const started = Date.now();
      const dropped = nextEvent({ kind: 'client', id: 'svc-cached' });
      await putClient('OAuth2Client', 'svc-cached', { coreOAuth2ClientConfig: { scopes: ['b'] } });
      await dropped;
      expect((await config.client('/alpha', 'svc-cached'))?.scopes).toEqual(['b']);
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });

  describe('declarative import', () => {
    const demo = () => importFileSchema.parse(JSON.parse(readFileSync(join(workspaceRoot(), 'config', 'demo.json'), 'utf8')));

    it('applies config/demo.json: scripts, provider, clients, agents and policies', async () => {
      const counts = await moduleRef.get(DeclarativeImport).apply(demo());
      expect(counts).toEqual({ realms: 1, scripts: 4, providers: 1, clients: 3, agents: 5, policies: 2 });
      const hrClient = await rpc.request(Messages.registration.clientGet, { realm: '/alpha', clientId: 'hr-client' });
      const mayAct = await rpc.request(Messages.registration.scriptGet, { realm: '/alpha', ref: 'hr-agent may act script' });
      expect(hrClient?.accessTokenMayActScript).toBe(mayAct?._id);
      const software = await rpc.request(Messages.registration.scriptGet, { realm: '/alpha', ref: '4478ca08-5a2a-4b1a-adee-d57c5c032d72' });
      expect(software).toMatchObject({ name: 'Software agent may act script', evaluatorVersion: '2.0' });
      const provider = await rpc.request(Messages.registration.providerGet, { realm: '/alpha' });
      expect(provider.clientDynamicRegistrationConfig).toMatchObject({ allowDynamicRegistration: true, dynamicClientRegistrationScript: expect.stringMatching(UUID) });
      const policy = await rpc.request(Messages.registration.policyGet, { realm: '/alpha', agentId: 'bot-traffic-analyzer-agent', audience: 'web-server-logs-api-app' });
      expect(policy?.effectivePermissions).toEqual(['logs-read', 'logs-search']);
      const agent = await rpc.request(Messages.registration.clientAuthenticate, { realm: '/alpha', clientId: 'hr-agent', secret: 'mySecret' });
      expect(agent.grantTypes).toEqual(['client_credentials', TX]);
    });

    it('changes nothing when the same file is applied again', async () => {
      const revs = () => db.query(`SELECT "client_id", "rev", "secret_hash" FROM "registration"."clients" ORDER BY "client_id"`);
      const before = await revs();
      const published = events.length;
      await moduleRef.get(DeclarativeImport).apply(demo());
      expect(await revs()).toEqual(before);
      await new Promise((r) => setTimeout(r, 200));
      expect(events.length).toBe(published);
    });
  });
});
