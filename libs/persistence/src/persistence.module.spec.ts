import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { REALM_STORE, type RealmStore } from '@mandate/oauth';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PersistenceModule, dataSourceOptions, migrate, type ServiceStorage } from './persistence.module';
import { registrationStorage } from './registration/registration.storage';
import { TypeOrmRealmStore } from './registration/typeorm-realm.store';

jest.setTimeout(60_000);

let pg: LocalPostgres;
const dataSources: DataSource[] = [];
let databases = 0;
/** Every registration migration, in order, once. */
const REGISTRATION_MIGRATIONS = ['Realms1763800000000', 'RealmConfig1763900000000', 'RegistrationAccessTokens1764150000000', 'InitialAccessTokens1764800000000', 'AuditOutbox1765100000000', 'AssertionReplay1765200000000', 'ImportLedger1766100000000', 'IdempotentReplies1766200000000'];

/** A new, empty database in the shared cluster, so each test starts before the first migration. */
async function freshDatabase(): Promise<string> {
  const name = `persistence_${++databases}`;
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openDataSource(url: string, storage: ServiceStorage = registrationStorage): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(storage, { DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }));
  dataSources.push(ds);
  return ds.initialize();
}

async function realmRows(ds: DataSource): Promise<Array<{ path: string; name: string; active: boolean }>> {
  return ds.query(`SELECT "path", "name", "active" FROM "registration"."realms" ORDER BY "path"`);
}

async function migrationNames(ds: DataSource): Promise<string[]> {
  return (await ds.query(`SELECT "name" FROM "registration"."migrations"`)).map((r: { name: string }) => r.name);
}

beforeAll(async () => {
  pg = await startLocalPostgres();
});

afterAll(async () => {
  for (const ds of dataSources) if (ds.isInitialized) await ds.destroy();
  await pg?.stop();
});

describe('migrate', () => {
  it('creates the registration schema with the realms / and /alpha', async () => {
    const ds = await openDataSource(await freshDatabase());
    await expect(migrate(ds, 'registration')).resolves.toBe(ds);

    const schemas = await ds.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'registration'`);
    expect(schemas).toHaveLength(1);
    expect(await realmRows(ds)).toEqual([
      { path: '/', name: '/', active: true },
      { path: '/alpha', name: 'alpha', active: true },
    ]);
    expect(await migrationNames(ds)).toEqual(REGISTRATION_MIGRATIONS);
    // Nothing lands in public: the service's tables and its migrations table live in its own schema.
    const [{ realms, migrations }] = await ds.query(
      `SELECT to_regclass('public.realms') AS realms, to_regclass('public.migrations') AS migrations`,
    );
    expect(realms).toBeNull();
    expect(migrations).toBeNull();
  });

  it('is idempotent, in the same process and after a restart', async () => {
    const url = await freshDatabase();
    const ds = await openDataSource(url);
    await migrate(ds, 'registration');
    const ids = (await ds.query(`SELECT "id" FROM "registration"."realms" ORDER BY "path"`)).map((r: { id: string }) => r.id);

    await migrate(ds, 'registration');
    const restarted = await openDataSource(url);
    await migrate(restarted, 'registration');

    expect(await realmRows(restarted)).toHaveLength(2);
    expect(await migrationNames(restarted)).toEqual(REGISTRATION_MIGRATIONS);
    expect((await ds.query(`SELECT "id" FROM "registration"."realms" ORDER BY "path"`)).map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it('lets replicas starting together migrate once (advisory lock)', async () => {
    const url = await freshDatabase();
    const replicas = await Promise.all([openDataSource(url), openDataSource(url), openDataSource(url)]);

    const results = await Promise.allSettled(replicas.map((ds) => migrate(ds, 'registration')));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

    const tables = await replicas[0].query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_name = 'realms'`,
    );
    expect(tables).toEqual([{ table_schema: 'registration', table_name: 'realms' }]);
    expect(await realmRows(replicas[0])).toHaveLength(2);
    expect(await migrationNames(replicas[0])).toEqual(REGISTRATION_MIGRATIONS);
  });

  it('releases its advisory lock, so the next migration does not wait', async () => {
    const url = await freshDatabase();
    const ds = await openDataSource(url);
    await migrate(ds, 'registration');
    const held = await ds.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
    );
    expect(held).toEqual([{ n: 0 }]);

    const other = await openDataSource(url);
    const started = Date.now();
    await migrate(other, 'registration');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives a service without tables its own schema', async () => {
    const tableless: ServiceStorage = { schema: 'tableless', entities: [], migrations: [], stores: [] };
    const ds = await openDataSource(await freshDatabase(), tableless);
    await migrate(ds, 'tableless');
    const schemas = await ds.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'tableless'`);
    expect(schemas).toHaveLength(1);
  });
});

describe('realms table', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource(await freshDatabase());
    await migrate(ds, 'registration');
  });

  it.each(['alpha', '/a//b', '/a b', '/alpha/', '', '/ä'])('refuses the malformed path %p', async (path) => {
    await expect(ds.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ($1, 'x')`, [path])).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23514' }),
    });
  });

  it('refuses a second realm with the same path', async () => {
    await expect(ds.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ('/alpha', 'again')`)).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23505' }),
    });
  });

  it('accepts a well-formed nested path and generates its id', async () => {
    const [row] = await ds.query(
      `INSERT INTO "registration"."realms" ("path", "name") VALUES ('/alpha/child_1.x-y', 'child_1.x-y') RETURNING "id", "active"`,
    );
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.active).toBe(true);
  });
});

describe('PersistenceModule.forService', () => {
  it('migrates at start and provides the storage’s stores', async () => {
    const url = await freshDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forService(registrationStorage, () => ({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }))],
    }).compile();
    try {
      const store = moduleRef.get<RealmStore>(REALM_STORE);
      expect(store).toBeInstanceOf(TypeOrmRealmStore);
      expect((await store.list()).map((r) => r.path)).toEqual(['/', '/alpha']);
      const ds = moduleRef.get(DataSource);
      expect(ds.options).toMatchObject({ schema: 'registration', migrationsTableName: 'migrations', synchronize: false });
      expect(await migrationNames(ds)).toEqual(REGISTRATION_MIGRATIONS);
    } finally {
      await moduleRef.close();
    }
  });
});
