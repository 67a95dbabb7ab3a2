import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type RealmView, Messages } from '@mandate/contracts';
import { CrestError, LOGIN_FAILURE_STORE, type LoginFailureStore, USER_STORE, type UserStore } from '@mandate/oauth';
import { PersistenceModule, authnStorage } from '@mandate/persistence';
import {
  EventPublisher,
  LOGGER,
  RPC_TRANSPORT_CLIENT,
  RpcClient,
  RpcErrorFilter,
  createClient,
  createLogger,
  loadConfig,
  serverOptions,
  transportConfig,
  RealmClient,
} from '@mandate/platform';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { AdminBootstrap } from './admin/admin-bootstrap';
import { authnHandlers, authnProviders } from './app/app.module';
import { authnConfig } from './config/authn.config';
import { PasswordHasher } from './passwords/password-hasher';

jest.setTimeout(60_000);

const ADMIN_PASSWORD = 'Adm1n-pa55word';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** registration-service's answer for the realms this test uses (it owns realms). */
class KnownRealms {
  async resolve(path: string): Promise<RealmView> {
    if (path !== '/' && path !== '/alpha') throw CrestError.notFound(`Realm ${path} not found`);
    return { id: '00000000-0000-4000-8000-000000000000', path, name: path === '/' ? '/' : path.slice(1), active: true };
  }
}

let pg: LocalPostgres;
let moduleRef: TestingModule;
let app: INestMicroservice;
let rpc: RpcClient;
const saved = process.env['AM_ADMIN_PASSWORD'];

async function login(realm: string, username: string, password: string) {
  const reply = await rpc.request(Messages.authn.authenticate, { realm, credentials: { username, password } });
  if (!('tokenId' in reply)) throw new Error('expected a token');
  return reply.tokenId;
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  process.env['AM_ADMIN_PASSWORD'] = ADMIN_PASSWORD;
  moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(authnStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 }))],
    controllers: authnHandlers,
    providers: [
      ...authnProviders,
      RealmClient,
      { provide: LOGGER, useValue: createLogger('authn-service', 'silent') },
      // authn.session.ended goes out on the same in-process bus.
      EventPublisher,
      { provide: RPC_TRANSPORT_CLIENT, useFactory: () => createClient(loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' }), 'authn-service') },
      // The audit outbox's drainer calls the audit store (absent here: its events wait in the outbox).
      RpcClient,
      { provide: transportConfig.token, useValue: loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' }) },
    ],
  })
    .overrideProvider(RealmClient)
    .useClass(KnownRealms)
    .compile();
  const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '5000' });
  const logger = createLogger('authn-service', 'silent');
  app = moduleRef.createNestMicroservice(serverOptions(config, 'authn-service'));
  app.useLogger(false);
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  rpc = new RpcClient(createClient(config, 'gateway'), config, logger);
  const users = moduleRef.get<UserStore>(USER_STORE);
  await users.create({ realm: '/alpha', username: 'bjensen', attributes: {}, passwordHash: await moduleRef.get(PasswordHasher).hash('Ch4ng31t') });
});

afterAll(async () => {
  await rpc?.onApplicationShutdown();
  await app?.close();
  await pg?.stop();
  if (saved === undefined) delete process.env['AM_ADMIN_PASSWORD'];
  else process.env['AM_ADMIN_PASSWORD'] = saved;
});

describe('authn.session.validate', () => {
  it('answers a user’s live session with its id, realm, auth level 0 and end, not as admin', async () => {
    const token = await login('/alpha', 'bjensen', 'Ch4ng31t');
    const before = Date.now();
    const reply = await rpc.request(Messages.authn.sessionValidate, { tokenId: token });
    expect(reply).toEqual({
      valid: true,
      userId: expect.stringMatching(UUID),
      username: 'bjensen',
      realm: '/alpha',
      isAdmin: false,
      authLevel: 0,
      expiresAt: expect.any(String),
    });
    // AM's defaults: the idle timeout (30 min) comes before the maximum lifetime (120 min).
    const ends = Date.parse((reply as { expiresAt: string }).expiresAt) - before;
    expect(ends).toBeGreaterThan(29 * 60_000);
    expect(ends).toBeLessThanOrEqual(30 * 60_000);
  });

  it('marks amadmin of the top-level realm, created at start from AM_ADMIN_PASSWORD, as admin', async () => {
    const token = await login('/', 'amadmin', ADMIN_PASSWORD);
    expect(await rpc.request(Messages.authn.sessionValidate, { tokenId: token })).toMatchObject({
      valid: true,
      username: 'amadmin',
      realm: '/',
      isAdmin: true,
    });
  });

  it('does not treat a user named amadmin in another realm as admin', async () => {
    const users = moduleRef.get<UserStore>(USER_STORE);
    await users.create({ realm: '/alpha', username: 'amadmin', attributes: {}, passwordHash: await moduleRef.get(PasswordHasher).hash('not-the-admin') });
    const token = await login('/alpha', 'amadmin', 'not-the-admin');
    expect(await rpc.request(Messages.authn.sessionValidate, { tokenId: token })).toMatchObject({ valid: true, isAdmin: false });
  });

  it('answers {valid:false} for an unknown token', async () => {
    expect(await rpc.request(Messages.authn.sessionValidate, { tokenId: 'nope' })).toEqual({ valid: false });
  });

  it('stores only the token’s SHA-256', async () => {
    const token = await login('/alpha', 'bjensen', 'Ch4ng31t');
    const hashes: Array<{ token_hash: string }> = await moduleRef.get(DataSource).query(`SELECT "token_hash" FROM "authn"."sessions"`);
    expect(hashes.map((h) => h.token_hash)).not.toContain(token);
    expect(hashes.map((h) => h.token_hash)).toContainEqual(createHash('sha256').update(token).digest('hex'));
  });
});

describe('amadmin bootstrap', () => {
  it('does not change amadmin’s password on a later start', async () => {
    const other = new AdminBootstrap(
      moduleRef.get<UserStore>(USER_STORE),
      moduleRef.get(PasswordHasher),
      loadConfig(authnConfig, { AM_ADMIN_PASSWORD: 'a-different-one' }),
      createLogger('authn-service', 'silent'),
      moduleRef.get<LoginFailureStore>(LOGIN_FAILURE_STORE),
    );
    await other.onApplicationBootstrap();
    await expect(login('/', 'amadmin', ADMIN_PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('sets amadmin’s password from AM_ADMIN_PASSWORD when MANDATE_RESET_ADMIN_PASSWORD=true, and the old one stops working', async () => {
    const reset = (password: string) =>
      new AdminBootstrap(
        moduleRef.get<UserStore>(USER_STORE),
        moduleRef.get(PasswordHasher),
        loadConfig(authnConfig, { AM_ADMIN_PASSWORD: password, MANDATE_RESET_ADMIN_PASSWORD: 'true' }),
        createLogger('authn-service', 'silent'),
        moduleRef.get<LoginFailureStore>(LOGIN_FAILURE_STORE),
      ).onApplicationBootstrap();
    await reset('the-new-one-42');
    await expect(login('/', 'amadmin', 'the-new-one-42')).resolves.toEqual(expect.any(String));
    await expect(login('/', 'amadmin', ADMIN_PASSWORD)).rejects.toThrow();
    await reset(ADMIN_PASSWORD);
    await expect(login('/', 'amadmin', ADMIN_PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('refuses MANDATE_RESET_ADMIN_PASSWORD without AM_ADMIN_PASSWORD at boot', () => {
    expect(() => loadConfig(authnConfig, { MANDATE_RESET_ADMIN_PASSWORD: 'true' })).toThrow('AM_ADMIN_PASSWORD: MANDATE_RESET_ADMIN_PASSWORD needs AM_ADMIN_PASSWORD (the new password)');
  });

  it('refuses an AM_ADMIN_PASSWORD shorter than 8 characters at boot', () => {
    expect(() => loadConfig(authnConfig, { AM_ADMIN_PASSWORD: 'short' })).toThrow('AM_ADMIN_PASSWORD: at least 8 characters');
  });
});
