import 'reflect-metadata';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { tokenStorage } from './token.storage';
import { TypeOrmReplayStore } from './typeorm-replay.store';

jest.setTimeout(60_000);

let pg: LocalPostgres;
let ds: DataSource;
let store: TypeOrmReplayStore;

beforeAll(async () => {
  pg = await startLocalPostgres();
  ds = await new DataSource(dataSourceOptions(tokenStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 8 })).initialize();
  await migrate(ds, 'token');
  store = new TypeOrmReplayStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

const inAMinute = () => new Date(Date.now() + 60_000);

describe('TypeOrmReplayStore', () => {
  it('lets exactly one of many concurrent claims of an id win', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.claim('dpop:key', 'jti-concurrent', inAMinute())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps scopes apart', async () => {
    expect(await store.claim('dpop:a', 'jti-scoped', inAMinute())).toBe(true);
    expect(await store.claim('dpop:b', 'jti-scoped', inAMinute())).toBe(true);
    expect(await store.claim('dpop:a', 'jti-scoped', inAMinute())).toBe(false);
  });

  it('lets an expired claim be taken again, and sweeps expired claims', async () => {
    expect(await store.claim('dpop:key', 'jti-expired', new Date(Date.now() - 1000))).toBe(true);
    expect(await store.claim('dpop:key', 'jti-expired', inAMinute())).toBe(true);
    expect(await store.claim('dpop:key', 'jti-old', new Date(Date.now() - 1000))).toBe(true);
    expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM "token"."replay_claims" WHERE "jti" = 'jti-old'`);
    expect(count).toBe(0);
  });
});
