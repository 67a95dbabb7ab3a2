import 'reflect-metadata';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { RealmEntity } from './realm.entity';
import { registrationStorage } from './registration.storage';
import { TypeOrmRealmStore } from './typeorm-realm.store';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('TypeOrmRealmStore', () => {
  let pg: LocalPostgres;
  let ds: DataSource;
  let store: TypeOrmRealmStore;

  beforeAll(async () => {
    pg = await startLocalPostgres();
    ds = await new DataSource(dataSourceOptions(registrationStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 })).initialize();
    await migrate(ds, 'registration');
    store = new TypeOrmRealmStore(ds.getRepository(RealmEntity));
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await pg?.stop();
  });

  it('finds /alpha by its path', async () => {
    const realm = await store.findByPath('/alpha');
    expect(realm).toEqual({ id: expect.stringMatching(UUID), path: '/alpha', name: 'alpha', active: true });
  });

  it('finds the root realm /', async () => {
    expect(await store.findByPath('/')).toEqual({ id: expect.stringMatching(UUID), path: '/', name: '/', active: true });
  });

  it('returns only the realm fields, not the row', async () => {
    expect(Object.keys((await store.findByPath('/alpha')) ?? {}).sort()).toEqual(['active', 'id', 'name', 'path']);
  });

  it('answers undefined for an unknown path', async () => {
    expect(await store.findByPath('/nope')).toBeUndefined();
  });

  it('matches paths exactly', async () => {
    expect(await store.findByPath('/ALPHA')).toBeUndefined();
    expect(await store.findByPath('/alpha/')).toBeUndefined();
    expect(await store.findByPath('alpha')).toBeUndefined();
  });

  it('lists realms ordered by path, inactive ones included', async () => {
    await ds.query(`INSERT INTO "registration"."realms" ("path", "name", "active") VALUES ('/beta', 'beta', false), ('/alpha/child', 'child', true)`);
    try {
      expect((await store.list()).map((r) => [r.path, r.active])).toEqual([
        ['/', true],
        ['/alpha', true],
        ['/alpha/child', true],
        ['/beta', false],
      ]);
      expect(await store.findByPath('/beta')).toMatchObject({ path: '/beta', active: false });
    } finally {
      await ds.query(`DELETE FROM "registration"."realms" WHERE "path" IN ('/beta', '/alpha/child')`);
    }
  });
});
