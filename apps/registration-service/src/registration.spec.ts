import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type DiscoveryDocument, discoveryDocumentSchema, providerSettingsSchema, Messages } from '@mandate/contracts';
import { CrestError, OAuthError } from '@mandate/oauth';
import { PersistenceModule, registrationStorage } from '@mandate/persistence';
import {
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
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { DiscoveryHandler } from './discovery/discovery.handler';
import { DiscoveryService } from './discovery/discovery.service';
import { RealmHandler } from './realms/realm.handler';
import { RealmService } from './realms/realm.service';
import { ProviderSettingsService } from './provider/provider-settings.service';
import { PROVIDER_DEFAULTS } from './provider/provider-settings.defaults';
import { withDefaults } from './realm-config/am-values';
import { z } from 'zod';

jest.setTimeout(60_000);

const AM = 'https://am.example.com:8443/am';
const ALPHA_ISSUER = `${AM}/oauth2/realms/root/realms/alpha`;
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let pg: LocalPostgres;
let moduleRef: TestingModule;
let db: DataSource;
let savedBaseUrl: string | undefined;
/** What the provider settings of every realm say in this file's tests (the defaults unless a test changes them). */
let providerOverrides: Record<string, Record<string, unknown>> = {};
const providerSettings = { effective: async () => providerSettingsSchema.parse(withDefaults(PROVIDER_DEFAULTS, providerOverrides)) };

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Every member whose name ends in `_endpoint` or `_uri`. */
function endpoints(doc: DiscoveryDocument): Array<[string, string]> {
  return Object.entries(doc).filter((e): e is [string, string] => /(_endpoint|_uri)$/.test(e[0]));
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  savedBaseUrl = process.env['AM_BASE_URL'];
  process.env['AM_BASE_URL'] = AM;
  moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(registrationStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 }))],
    controllers: [RealmHandler, DiscoveryHandler],
    providers: [RealmService, DiscoveryService, configProvider(issuerConfig), { provide: ProviderSettingsService, useValue: providerSettings }],
  }).compile();
  db = moduleRef.get(DataSource);
  await db.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ('/alpha/child', 'child')`);
  await db.query(`INSERT INTO "registration"."realms" ("path", "name", "active") VALUES ('/retired', 'retired', false)`);
});

afterAll(async () => {
  await moduleRef?.close();
  await pg?.stop();
  if (savedBaseUrl === undefined) delete process.env['AM_BASE_URL'];
  else process.env['AM_BASE_URL'] = savedBaseUrl;
});

describe('DiscoveryService', () => {
  it('derives realm /alpha’s issuer from AM_BASE_URL and puts every endpoint under it', async () => {
    const doc = await moduleRef.get(DiscoveryService).document({ realm: '/alpha', document: 'openid' });
    expect(doc.issuer).toBe(ALPHA_ISSUER);
    expect(doc).toMatchObject({
      authorization_endpoint: `${ALPHA_ISSUER}/authorize`,
      token_endpoint: `${ALPHA_ISSUER}/access_token`,
      introspection_endpoint: `${ALPHA_ISSUER}/introspect`,
      revocation_endpoint: `${ALPHA_ISSUER}/token/revoke`,
      registration_endpoint: `${ALPHA_ISSUER}/register`,
      jwks_uri: `${ALPHA_ISSUER}/connect/jwk_uri`,
    });
    const all = endpoints(doc);
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const [name, url] of all) expect([name, url.startsWith(`${ALPHA_ISSUER}/`)]).toEqual([name, true]);
    expect(discoveryDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('gives the root realm the issuer …/oauth2/realms/root', async () => {
    const doc = await moduleRef.get(DiscoveryService).document({ realm: '/', document: 'openid' });
    expect(doc.issuer).toBe(`${AM}/oauth2/realms/root`);
    expect(doc.token_endpoint).toBe(`${AM}/oauth2/realms/root/access_token`);
  });

  it('nests a sub-realm’s issuer one /realms/<name> per level', async () => {
    const doc = await moduleRef.get(DiscoveryService).document({ realm: '/alpha/child', document: 'oauth' });
    expect(doc.issuer).toBe(`${AM}/oauth2/realms/root/realms/alpha/realms/child`);
  });

  it('refuses an unknown realm with CREST 404 "Realm /nope not found"', async () => {
    const error = await rejectionOf(moduleRef.get(DiscoveryService).document({ realm: '/nope', document: 'openid' }));
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 404, code: 'Not Found', description: 'Realm /nope not found' });
  });

  it('publishes RFC 8414 metadata without OpenID Connect members', async () => {
    const service = moduleRef.get(DiscoveryService);
    const oauth = await service.document({ realm: '/alpha', document: 'oauth' });
    const openid = await service.document({ realm: '/alpha', document: 'openid' });
    expect(oauth).not.toHaveProperty('userinfo_endpoint');
    expect(oauth).not.toHaveProperty('id_token_signing_alg_values_supported');
    expect(oauth).not.toHaveProperty('subject_types_supported');
    expect(openid).toHaveProperty('subject_types_supported', ['public']);
    expect(oauth.issuer).toBe(openid.issuer);
    expect(oauth.token_endpoint).toBe(openid.token_endpoint);
  });

  it.each(['openid', 'oauth'] as const)('lists token exchange among the %s document’s grant types', async (document) => {
    const doc = await moduleRef.get(DiscoveryService).document({ realm: '/alpha', document });
    expect(doc['grant_types_supported']).toEqual(expect.arrayContaining([TOKEN_EXCHANGE, 'authorization_code', 'client_credentials']));
  });

  it('says only what the realm’s provider enables: its grants, and plain PKCE only when allowed', async () => {
    providerOverrides = { advancedOAuth2Config: { grantTypes: ['client_credentials', 'implicit'], plainPkceEnabled: true } };
    try {
      const doc = await moduleRef.get(DiscoveryService).document({ realm: '/alpha', document: 'openid' });
      expect(doc['grant_types_supported']).toEqual(['client_credentials']);
      expect(doc['code_challenge_methods_supported']).toEqual(['S256', 'plain']);
    } finally {
      providerOverrides = {};
    }
    const defaults = await moduleRef.get(DiscoveryService).document({ realm: '/alpha', document: 'openid' });
    expect(defaults['code_challenge_methods_supported']).toEqual(['S256']);
    expect(defaults).not.toHaveProperty('userinfo_endpoint');
  });

  it('never doubles the slash when AM_BASE_URL ends in one', async () => {
    const service = new DiscoveryService(moduleRef.get(RealmService), providerSettings as unknown as ProviderSettingsService, loadConfig(issuerConfig, { AM_BASE_URL: `${AM}/` }));
    const doc = await service.document({ realm: '/alpha', document: 'openid' });
    expect(doc.issuer).toBe(ALPHA_ISSUER);
    for (const [, url] of endpoints(doc)) expect(url).not.toMatch(/[^:]\/\//);
  });
});

describe('RealmService', () => {
  it('resolves a known realm to its stored view', async () => {
    expect(await moduleRef.get(RealmService).resolve('/alpha')).toEqual({
      id: expect.stringMatching(UUID),
      path: '/alpha',
      name: 'alpha',
      active: true,
    });
  });

  it('treats an inactive realm as unknown', async () => {
    const error = await rejectionOf(moduleRef.get(RealmService).resolve('/retired'));
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 404, description: 'Realm /retired not found' });
  });

  it('serves a known realm from its cache for a few seconds, then reads the table again', async () => {
    await db.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ('/cached', 'cached')`);
    const service = moduleRef.get(RealmService);
    const now = jest.spyOn(Date, 'now');
    try {
      const t0 = Date.now();
      now.mockReturnValue(t0);
      await service.resolve('/cached');
      await db.query(`UPDATE "registration"."realms" SET "active" = false WHERE "path" = '/cached'`);

      now.mockReturnValue(t0 + 4_000);
      await expect(service.resolve('/cached')).resolves.toMatchObject({ path: '/cached', active: true });

      now.mockReturnValue(t0 + 5_001);
      await expect(service.resolve('/cached')).rejects.toMatchObject({ status: 404, description: 'Realm /cached not found' });
    } finally {
      now.mockRestore();
    }
  });

  it('does not cache an unknown realm', async () => {
    const service = moduleRef.get(RealmService);
    await expect(service.resolve('/late')).rejects.toBeInstanceOf(CrestError);
    await db.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ('/late', 'late')`);
    await expect(service.resolve('/late')).resolves.toMatchObject({ path: '/late' });
  });
});

describe('registration handlers over the in-process transport', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;

  beforeAll(async () => {
    const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '5000' });
    const logger = createLogger('registration-service', 'silent');
    app = moduleRef.createNestMicroservice(serverOptions(config, 'registration-service'));
    app.useLogger(false);
    app.useGlobalFilters(new RpcErrorFilter(logger));
    await app.listen();
    rpc = new RpcClient(createClient(config, 'gateway'), config, logger);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    // Closes the testing module it was created from too (data source included); this block runs last.
    await app?.close();
  });

  it('answers registration.discovery.get with the realm’s document', async () => {
    const doc = await rpc.request(Messages.registration.discoveryGet, { realm: '/alpha', document: 'openid' });
    expect(doc.issuer).toBe(ALPHA_ISSUER);
    expect(doc.token_endpoint).toBe(`${ALPHA_ISSUER}/access_token`);
  });

  it('answers registration.realm.resolve with the realm view', async () => {
    const realm = await rpc.request(Messages.registration.realmResolve, { realm: '/' });
    expect(realm).toEqual({ id: expect.stringMatching(UUID), path: '/', name: '/', active: true });
  });

  it('delivers an unknown realm as the CREST 404 the gateway writes', async () => {
    const error = await rejectionOf(rpc.request(Messages.registration.realmResolve, { realm: '/nope' }));
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 404, code: 'Not Found', description: 'Realm /nope not found' });
  });

  it('refuses a request that violates the message contract', async () => {
    // Sent unchecked, so that the service's own validation answers.
    const unchecked = { ...Messages.registration.discoveryGet, request: z.unknown() };
    const error = await rejectionOf(rpc.request(unchecked, { realm: 'alpha', document: 'saml' }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 500, code: 'server_error' });
  });
});
