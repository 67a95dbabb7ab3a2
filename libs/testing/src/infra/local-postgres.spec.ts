import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';

jest.setTimeout(60_000);

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('startLocalPostgres', () => {
  const started: LocalPostgres[] = [];
  afterAll(() => Promise.all(started.map((pg) => pg.stop())));

  it('starts a cluster with the mandate database, and stop() removes process and directory', async () => {
    const pg = await startLocalPostgres();
    started.push(pg);
    expect(pg.url).toBe(`postgres://postgres:postgres@127.0.0.1:${pg.port}/mandate`);
    expect(pg).toMatchObject({ host: '127.0.0.1', user: 'postgres', database: 'mandate' });

    await withClient(pg.url, async (client) => {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      expect((await client.query('select current_database() as db')).rows[0].db).toBe('mandate');
      await client.query('create table item (id serial primary key, name text not null)');
      await client.query('insert into item (name) values ($1), ($2)', ['a', 'b']);
      expect((await client.query('select name from item order by id')).rows).toEqual([{ name: 'a' }, { name: 'b' }]);
    });

    expect(isAlive(pg.pid)).toBe(true);
    expect(existsSync(pg.dir)).toBe(true);
    await pg.stop();
    expect(isAlive(pg.pid)).toBe(false);
    expect(existsSync(pg.dir)).toBe(false);
    await pg.stop(); // idempotent
  });

  it('stops the server keeping the data, and starts it again on the same port', async () => {
    const pg = await startLocalPostgres();
    started.push(pg);
    await withClient(pg.url, (c) => c.query('create table kept (x int)'));
    await pg.stopServer();
    await expect(withClient(pg.url, (c) => c.query('select 1'))).rejects.toThrow(/ECONNREFUSED/);
    await pg.startServer();
    const { rows } = await withClient(pg.url, (c) => c.query("select tablename from pg_tables where tablename = 'kept'"));
    expect(rows).toEqual([{ tablename: 'kept' }]);
  });

  it('runs two clusters at once on different ports', async () => {
    const [a, b] = await Promise.all([startLocalPostgres(), startLocalPostgres({ template: false })]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    expect(a.dir).not.toBe(b.dir);
    await withClient(a.url, (c) => c.query('create table only_in_a (x int)'));
    const tables = (url: string): Promise<string[]> =>
      withClient(url, async (c) => {
        const { rows } = await c.query("select tablename from pg_tables where schemaname = 'public'");
        return rows.map((r) => r.tablename);
      });
    expect(await tables(a.url)).toEqual(['only_in_a']);
    expect(await tables(b.url)).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
    expect([a, b].map((pg) => isAlive(pg.pid) || existsSync(pg.dir))).toEqual([false, false]);
  });

  it('creates a database with the requested name', async () => {
    const pg = await startLocalPostgres({ database: 'other_db' });
    started.push(pg);
    expect(pg.url.endsWith(`:${pg.port}/other_db`)).toBe(true);
    await withClient(pg.url, async (c) => {
      expect((await c.query('select current_database() as db')).rows[0].db).toBe('other_db');
    });
    await pg.stop();
  });

  it('fails with an install hint when PG_BIN has no binaries', async () => {
    const saved = process.env['PG_BIN'];
    process.env['PG_BIN'] = '/nonexistent';
    try {
      await expect(startLocalPostgres()).rejects.toThrow('PG_BIN=/nonexistent does not contain initdb and postgres');
    } finally {
      if (saved === undefined) delete process.env['PG_BIN'];
      else process.env['PG_BIN'] = saved;
    }
  });
});
