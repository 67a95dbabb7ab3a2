/**
 * `npm run bench`: throughput and tail latency of Mandate next to panva's oidc-provider, on this
 * machine, in one run. Everything listens on 127.0.0.1; every load is bounded in connections and
 * time. Prints a table and writes tmp/bench/latest.json.
 *
 *   npm run bench                 (warm-up 3 s, 10 s per workload, 32 connections)
 *   npm run bench -- --quick      (warm-up 1 s, 4 s per workload)
 *   npm run bench -- --connections 64 --duration 20 --only W0,W1
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type Infra, type MandateStack, freePort, startInfra, startMandate, workspaceRoot } from '@mandate/testing';

interface Args {
  quick: boolean;
  connections: number;
  duration: number;
  warmup: number;
  only?: Set<string>;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Target {
  name: string;
  origin: string;
}

/** A workload says how to build its request against each target, or why that target cannot run it yet. */
interface Workload {
  id: string;
  title: string;
  request(target: Target): Promise<Request | string>;
}

interface Row {
  workload: string;
  target: string;
  reqPerSec?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  non2xx?: number;
  note?: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    connections: Number(get('connections') ?? 32),
    duration: Number(get('duration') ?? (quick ? 4 : 10)),
    warmup: Number(get('warmup') ?? (quick ? 1 : 3)),
    only: get('only') ? new Set(get('only')!.split(',')) : undefined,
  };
}

async function spawnServer(script: string): Promise<{ origin: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(__dirname, script)], {
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
  proc.stdout?.resume();
  proc.stderr?.resume();
  return { origin: `http://127.0.0.1:${port}`, proc };
}

async function load(url: string, req: Request, connections: number, duration: number) {
  return autocannon({ url, method: req.method, headers: req.headers, body: req.body, connections, duration, timeout: 10 });
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const ALPHA = '/am/oauth2/realms/root/realms/alpha';

const workloads: Workload[] = [
  {
    id: 'W0',
    title: 'bare Node HTTP server (machine ceiling)',
    request: async (t) => (t.name === 'bare-node' ? { method: 'GET', path: '/' } : 'n/a'),
  },
  {
    id: 'D',
    title: 'discovery document',
    request: async (t) =>
      t.name === 'bare-node'
        ? 'n/a'
        : { method: 'GET', path: t.name === 'oidc-provider' ? '/.well-known/openid-configuration' : `${ALPHA}/.well-known/openid-configuration` },
  },
  {
    id: 'W1',
    title: 'client_credentials, JWT access token',
    request: async (t) => {
      if (t.name === 'bare-node') return 'n/a';
      const path = t.name === 'oidc-provider' ? '/token' : `${ALPHA}/access_token`;
      const req: Request = {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('bench-client', 'bench-secret') },
        body: 'grant_type=client_credentials&scope=read',
      };
      const probe = await fetch(`${t.origin}${path}`, { method: 'POST', headers: req.headers, body: req.body });
      return probe.status === 200 ? req : `not available yet (probe answered ${probe.status})`;
    },
  },
];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const results: Row[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  let infra: Infra | undefined;
  try {
    const bare = await spawnServer('bare-server.mjs');
    cleanups.push(async () => bare.proc.kill('SIGTERM'));
    const oidc = await spawnServer('oidc-provider-server.mjs');
    cleanups.push(async () => oidc.proc.kill('SIGTERM'));
    infra = await startInfra({ postgres: true, nats: true });
    const distributed: MandateStack = await startMandate({ mode: 'distributed', infra, env: { LOG_LEVEL: 'warn' } });
    cleanups.push(() => distributed.stop());
    const embedded: MandateStack = await startMandate({ mode: 'in-process', infra, env: { LOG_LEVEL: 'warn' } });
    cleanups.push(() => embedded.stop());

    const targets: Target[] = [
      { name: 'bare-node', origin: bare.origin },
      { name: 'mandate-distributed', origin: distributed.origin },
      { name: 'mandate-embedded', origin: embedded.origin },
      { name: 'oidc-provider', origin: oidc.origin },
    ];
    for (const workload of workloads) {
      if (args.only && !args.only.has(workload.id)) continue;
      for (const target of targets) {
        const req = await workload.request(target);
        if (typeof req === 'string') {
          if (req !== 'n/a') results.push({ workload: workload.id, target: target.name, note: req });
          continue;
        }
        const url = `${target.origin}${req.path}`;
        if (args.warmup > 0) await load(url, req, args.connections, args.warmup);
        const r = await load(url, req, args.connections, args.duration);
        results.push({
          workload: workload.id,
          target: target.name,
          reqPerSec: Math.round(r.requests.average),
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
        });
        process.stderr.write(`${workload.id} ${target.name}: ${Math.round(r.requests.average)} req/s\n`);
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await infra?.stop();
  }
  report(args, results);
}

function report(args: Args, rows: Row[]) {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const settings = { connections: args.connections, duration: args.duration, warmup: args.warmup, quick: args.quick };
  const ratio = (row: Row) => {
    const base = rows.find((r) => r.workload === row.workload && r.target === 'oidc-provider')?.reqPerSec;
    return row.reqPerSec && base && row.target.startsWith('mandate') ? (row.reqPerSec / base).toFixed(2) : '';
  };
  const lines = [
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}`,
    `settings: ${settings.connections} connections, ${settings.duration} s per workload after ${settings.warmup} s warm-up`,
    '',
    '| workload | target | req/s | p50 ms | p99 ms | errors | non-2xx | ×oidc-provider | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.workload} ${workloads.find((w) => w.id === r.workload)?.title ?? ''} | ${r.target} | ${r.reqPerSec ?? ''} | ${r.p50 ?? ''} | ${r.p99 ?? ''} | ${r.errors ?? ''} | ${r.non2xx ?? ''} | ${ratio(r)} | ${r.note ?? ''} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const dir = join(workspaceRoot(), 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, settings, results: rows }, null, 2));
  process.stdout.write(`\nJSON: tmp/bench/latest.json\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
