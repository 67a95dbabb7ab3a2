import 'reflect-metadata';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './persistence.module';
import { preparedSql } from './prepared-sql';

jest.setTimeout(60_000);

describe('preparedSql', () => {
  let pg: LocalPostgres;
  let ds: DataSource;

  beforeAll(async () => {
    pg = await startLocalPostgres();
    // One connection, so every call below runs on the session whose prepared statements we read.
    ds = await new DataSource(dataSourceOptions({ schema: 'public', entities: [], migrations: [], stores: [] }, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 1 })).initialize();
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await pg?.stop();
  });

  const statements = async () =>
    (await preparedSql<{ name: string; statement: string }>(ds, 'SELECT name, statement FROM pg_prepared_statements WHERE name LIKE $1', ['mandate_%'])).rows;

  it('answers rows and a row count like the statement', async () => {
    expect(await preparedSql(ds, 'SELECT $1::int + 1 AS n', [41])).toEqual({ rows: [{ n: 42 }], rowCount: 1 });
    await preparedSql(ds, 'CREATE TEMP TABLE t (v int)', []);
    expect((await preparedSql(ds, 'INSERT INTO t VALUES ($1), ($2)', [1, 2])).rowCount).toBe(2);
    expect(await preparedSql(ds, 'DELETE FROM t WHERE v > $1 RETURNING v', [0])).toEqual({ rows: [{ v: 1 }, { v: 2 }], rowCount: 2 });
  });

  it('prepares a text once per connection and reuses it by name', async () => {
    const text = 'SELECT $1::text AS echo';
    await preparedSql(ds, text, ['a']);
    await preparedSql(ds, text, ['b']);
    const named = (await statements()).filter((s) => s.statement === text);
    expect(named).toHaveLength(1);
    expect(named[0].name).toMatch(/^mandate_\d+$/);
  });

  it('gives different texts different names', async () => {
    await preparedSql(ds, 'SELECT 1 AS one', []);
    await preparedSql(ds, 'SELECT 2 AS two', []);
    const names = (await statements()).filter((s) => s.statement.startsWith('SELECT 1 AS') || s.statement.startsWith('SELECT 2 AS')).map((s) => s.name);
    expect(new Set(names).size).toBe(2);
  });

  it('reports a failing statement as the driver error, and the name stays usable', async () => {
    const text = 'SELECT 1 / $1::int AS q';
    await expect(preparedSql(ds, text, [0])).rejects.toThrow(/division by zero/);
    expect((await preparedSql(ds, text, [1])).rows).toEqual([{ q: 1 }]);
  });
});
