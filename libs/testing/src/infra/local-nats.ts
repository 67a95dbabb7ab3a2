import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port';
import { type NatsAccess, type NatsSecrets, generateNatsSecrets, natsAccess } from './nats-secrets';
import { OutputTail, terminate, waitForOutput } from './process-util';

export interface RunningNats extends NatsAccess {
  /** `nats://127.0.0.1:<port>` for local servers (TLS when `secrets` is set). */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the server again on the same port (local servers only). */
  start?(): Promise<void>;
  /** stop() then start() (local servers only). */
  restart?(): Promise<void>;
  /** `http://127.0.0.1:<port>`: nats-server's monitoring endpoint (/varz, /connz), when started with `monitor`. */
  monitorUrl?: string;
}

export interface LocalNats extends RunningNats {
  start(): Promise<void>;
  restart(): Promise<void>;
  /** PID of the current nats-server, undefined while stopped. */
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly binary: string;
}

export interface LocalNatsOptions {
  /** Overrides NATS_SERVER_BIN and the search. */
  binary?: string;
  /** Readiness timeout per start (default 10 000 ms). */
  startTimeoutMs?: number;
  /**
   * Require TLS and one nkey identity per app, with the permissions `npm run nats:secrets`
   * generates from the subject catalogue (default: off, for tests of the transport itself on
   * subjects of their own; startInfra turns it on).
   */
  secure?: boolean;
  /** Start the HTTP monitoring endpoint (`-m <free port>`, /varz for message counts; default off). */
  monitor?: boolean;
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** NATS_SERVER_BIN, else /usr/sbin/nats-server, else nats-server on PATH. */
export function findNatsServer(): string {
  const fromEnv = process.env['NATS_SERVER_BIN'];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`NATS_SERVER_BIN=${fromEnv} is not executable (install nats-server: \`apt-get install nats-server\`)`);
    }
    return fromEnv;
  }
  if (isExecutable('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'nats-server');
    if (dir && existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  throw new Error(
    'nats-server not found (looked at $NATS_SERVER_BIN, /usr/sbin/nats-server and PATH). ' +
      'Install it with `apt-get install nats-server`, set NATS_SERVER_BIN, or run with Docker (TEST_INFRA=docker).',
  );
}

async function spawnNats(
  binary: string,
  port: number,
  timeoutMs: number,
  secrets: NatsSecrets | undefined,
  storeDir: string,
  monitorPort?: number,
): Promise<{ child: ChildProcess; tail: OutputTail }> {
  const config = secrets ? ['-c', secrets.configFile] : [];
  // JetStream (the gateway's rate-limit counters are a key-value bucket), in a directory of this
  // server's own (the generated configuration turns it on and leaves the directory to the flag).
  const jetStream = [...(secrets ? [] : ['--jetstream']), '--store_dir', storeDir];
  const monitor = monitorPort ? ['-m', String(monitorPort)] : [];
  const child = spawn(binary, [...config, ...jetStream, '-a', '127.0.0.1', '-p', String(port), ...monitor], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', () => undefined); // reported through waitForOutput
  const tail = new OutputTail();
  await waitForOutput(child, 'Server is ready', timeoutMs, tail, `nats-server (${binary}) on port ${port}`);
  return { child, tail };
}

/**
 * Starts nats-server on a free port of 127.0.0.1. The returned handle can stop() and start() the server
 * again on the same port (to test reconnects). Always call stop() at the end.
 */
export async function startLocalNats(opts: LocalNatsOptions = {}): Promise<LocalNats> {
  const binary = opts.binary ?? findNatsServer();
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  const storeDir = mkdtempSync(join(tmpdir(), 'mandate-nats-js-'));
  process.once('exit', () => rmSync(storeDir, { recursive: true, force: true }));
  const secrets = opts.secure ? await generateNatsSecrets() : undefined;
  if (secrets) process.once('exit', () => rmSync(secrets.dir, { recursive: true, force: true }));

  let child: ChildProcess | undefined;
  let port = 0;
  let monitorPort: number | undefined;
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    monitorPort = opts.monitor ? await freePort() : undefined;
    try {
      ({ child } = await spawnNats(binary, port, timeoutMs, secrets, storeDir, monitorPort));
    } catch (err) {
      if (!/address already in use/i.test((err as Error).message) || attempt >= 3) throw err;
    }
  }

  // Serialise start/stop so overlapping calls cannot spawn two servers.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = (op: () => Promise<void>): Promise<void> => {
    const next = queue.then(op);
    queue = next.catch(() => undefined);
    return next;
  };
  const alive = (): boolean => !!child && child.exitCode === null && child.signalCode === null;
  const stop = (): Promise<void> =>
    enqueue(async () => {
      if (child && alive()) await terminate(child, 'SIGTERM');
      child = undefined;
    });
  const start = (): Promise<void> =>
    enqueue(async () => {
      if (alive()) return;
      ({ child } = await spawnNats(binary, port, timeoutMs, secrets, storeDir, monitorPort));
    });

  return {
    ...natsAccess(`nats://127.0.0.1:${port}`, secrets),
    port,
    binary,
    monitorUrl: monitorPort ? `http://127.0.0.1:${monitorPort}` : undefined,
    get pid() {
      return alive() ? child?.pid : undefined;
    },
    get running() {
      return alive();
    },
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
