import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Infra } from '../infra/infra';
import { freePort } from '../infra/free-port';
import { MandateProcess } from './mandate-process';
import { distDir } from './workspace';

export const SERVICE_APPS = ['registration-service', 'authn-service', 'authorize-service', 'token-service', 'introspection-service'] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

/**
 * - `distributed`: each service and the gateway in its own process, over NATS, on the infra's Postgres.
 * - `in-process`: every service in one process (the standalone launcher) over the in-process transport, on the infra's Postgres.
 * - `embedded`: what `npm start` runs: the standalone launcher with its embedded Postgres in a temp data dir.
 */
export type StackMode = 'distributed' | 'in-process' | 'embedded';

export interface StackOptions {
  mode: StackMode;
  /** Called with each process before it first starts (start:cluster prints its lines and restarts it). */
  eachProcess?: (process: MandateProcess) => void;
  /** Postgres (and NATS, for `distributed`). Not used by `embedded`. */
  infra?: Infra;
  /** Extra environment for every process (`RPC_TIMEOUT_MS`, `LOG_LEVEL`, …). */
  env?: Record<string, string>;
  /** `embedded` only: reuse a data dir (to test restarts). Otherwise a temp dir is made and removed. */
  dataDir?: string;
  /** The gateway's port (default: a free one). */
  port?: number;
}

export interface MandateStack {
  mode: StackMode;
  /** `http://127.0.0.1:<port>/am`: also the AM_BASE_URL the stack was started with. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>`: the gateway's (or the one process's) internal HEALTH_PORT, where `/metrics` is. */
  internalOrigin: string;
  gateway: MandateProcess;
  /** `distributed` only: the service processes, by app name. */
  services: Map<ServiceApp, MandateProcess>;
  /** `distributed` only: start another replica of a service (same queue group). */
  addReplica(app: ServiceApp): Promise<MandateProcess>;
  /** `distributed` only: start another gateway replica on a port of its own (same AM_BASE_URL, same bus). */
  addGateway(): Promise<{ origin: string; process: MandateProcess }>;
  dataDir?: string;
  stop(): Promise<void>;
}

/** Starts Mandate's own processes and waits until the gateway reports every service ready. */
export async function startMandate(options: StackOptions): Promise<MandateStack> {
  const dist = distDir();
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const internalPort = await freePort();
  const internalOrigin = `http://127.0.0.1:${internalPort}`;
  const baseUrl = `${origin}/am`;
  const common: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    AM_BASE_URL: baseUrl,
    LOG_LEVEL: process.env.MANDATE_TEST_LOG_LEVEL ?? 'warn',
    // The gateway's rate limits are on by default; test stacks measure other things and replay
    // the seeds from one address, so they turn them off unless a test sets them (edge.e2e.spec.ts).
    RATE_LIMIT_ENABLED: 'false',
    ...options.env,
  };
  const publicBase = common.AM_BASE_URL;
  const started: MandateProcess[] = [];
  const services = new Map<ServiceApp, MandateProcess>();
  let ownDataDir: string | undefined;
  const stop = async () => {
    await Promise.all(started.filter((p) => p.app === 'gateway' || p.app === 'standalone').map((p) => p.stop()));
    await Promise.all(started.map((p) => p.stop()));
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  };

  try {
    if (options.mode === 'distributed') {
      const { postgres, nats } = requireInfra(options);
      const serviceEnv = { ...common, MANDATE_TRANSPORT: 'nats', DATABASE_URL: postgres.url, DATABASE_POOL_SIZE: '4' };
      // Each app connects as its own NATS identity (a secured server checks its permissions).
      const startReplica = async (app: ServiceApp) => {
        const healthPort = await freePort();
        const env = { ...serviceEnv, ...nats.env(app), HEALTH_PORT: String(healthPort) };
        const proc = new MandateProcess(app, dist, env, `http://127.0.0.1:${healthPort}/health/ready`);
        options.eachProcess?.(proc);
        started.push(proc);
        proc.start();
        return proc;
      };
      const procs = await Promise.all(SERVICE_APPS.map(startReplica));
      procs.forEach((p) => services.set(p.app as ServiceApp, p));
      await Promise.all(procs.map((p) => p.waitReady()));
      const gatewayOn = (gatewayPort: number, healthPort: number) => {
        const env = { ...common, MANDATE_TRANSPORT: 'nats', ...nats.env('gateway'), PORT: String(gatewayPort), HOST: '127.0.0.1', HEALTH_PORT: String(healthPort) };
        const proc = new MandateProcess('gateway', dist, env, `http://127.0.0.1:${gatewayPort}/health/ready`);
        options.eachProcess?.(proc);
        started.push(proc);
        proc.start();
        return proc;
      };
      const gateway = gatewayOn(port, internalPort);
      await gateway.waitReady();
      return {
        mode: options.mode,
        baseUrl: publicBase,
        origin,
        internalOrigin,
        gateway,
        services,
        stop,
        addReplica: async (app) => {
          const proc = await startReplica(app);
          await proc.waitReady();
          return proc;
        },
        addGateway: async () => {
          const otherPort = await freePort();
          const proc = gatewayOn(otherPort, await freePort());
          await proc.waitReady();
          return { origin: `http://127.0.0.1:${otherPort}`, process: proc };
        },
      };
    }

    const env: Record<string, string> = { ...common, PORT: String(port), HOST: '127.0.0.1', HEALTH_PORT: String(internalPort) };
    let dataDir: string | undefined;
    if (options.mode === 'in-process') {
      env.DATABASE_URL = requireInfra(options, false).postgres.url;
    } else {
      dataDir = options.dataDir ?? (ownDataDir = mkdtempSync(join(tmpdir(), 'mandate-data-')));
      env.MANDATE_DATA_DIR = dataDir;
    }
    const standalone = new MandateProcess('standalone', dist, env, `${origin}/health/ready`);
    started.push(standalone);
    standalone.start();
    await standalone.waitReady(60_000);
    return {
      mode: options.mode,
      baseUrl: publicBase,
      origin,
      internalOrigin,
      gateway: standalone,
      services,
      dataDir,
      stop,
      addReplica: async () => {
        throw new Error('replicas exist only in the distributed mode');
      },
      addGateway: async () => {
        throw new Error('replicas exist only in the distributed mode');
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function requireInfra(options: StackOptions, withNats = true) {
  const postgres = options.infra?.postgres;
  const nats = options.infra?.nats;
  if (!postgres) throw new Error(`mode ${options.mode} needs infra with postgres`);
  if (withNats && !nats) throw new Error(`mode ${options.mode} needs infra with nats`);
  return { postgres, nats: nats as NonNullable<typeof nats> };
}
