/**
 * `npm run bench` (issue 9): throughput and tail latency of Mandate next to panva's oidc-provider,
 * on this machine, in one run. Everything listens on 127.0.0.1; every load is bounded in
 * connections and time. Prints a table and writes tmp/bench/latest.json.
 *
 *   npm run bench                 (warm-up 3 s, 10 s per row, 32 connections, 8 W4 loops)
 *   npm run bench -- --quick      (warm-up 1 s, 3 s per row: under 2 minutes in all)
 *   npm run bench -- --quick --only W1,W3 --targets distributed,oidc-provider
 *   npm run bench -- --quick --only S       (the script sandbox alone: no server is started)
 *   options: --connections N --loops N --duration S --warmup S --script-runs N
 *            --token-replicas N   (scale-out: N token-service processes in the distributed stack's queue group)
 *            --cpu-prof   (every server process writes a V8 CPU profile to tmp/bench/profiles/<date>/;
 *                          the bench prints each one's busiest packages and functions during the load)
 *
 * Targets: bare-node (W0, the ceiling), mandate-distributed (the gateway and each service in its
 * own process over NATS, on Postgres, as in CI), mandate-embedded (what `npm start` runs: one
 * process, embedded Postgres), mandate-in-process (one process on the infra Postgres; only when
 * named in --targets), oidc-provider (oidc-provider-server.mjs, on the infra Postgres).
 * Mandate is started with MANDATE_IMPORT=config/demo.json: the workloads use the seeds' clients.
 * S rows run in this process (target `in-process`): sandboxed script runs/s of the seed scripts,
 * --script-runs sequential runs per script (2000; 500 with --quick). So does W0 RS256: RS256
 * signatures/s with every core, the ceiling of the rows that sign a token per request.
 * Under the table, the budget of issue 9, row by row, with the bounds this machine sets on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type Infra, type MandateStack, type StackMode, extraNodeArgs, freePort, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import type { LoadRequest, Row, Target } from './bench-types';
import { formatProfiles, monotonicMicros, type ProfileWindow, summarizeProfiles } from './profile-summary';
import { report, type Settings } from './report';
import { runSequences } from './sequence-load';
import { BENCH_ADMIN_PASSWORD, workloads } from './workloads';

const ALL_TARGETS = ['bare-node', 'mandate-distributed', 'mandate-embedded', 'mandate-in-process', 'oidc-provider'] as const;
const DEFAULT_TARGETS = ['bare-node', 'mandate-distributed', 'mandate-embedded', 'oidc-provider'];

interface Args extends Omit<Settings, 'infra'> {
  only?: Set<string>;
  targets: Set<string>;
  cpuProf: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const targets = new Set((get('targets') ?? DEFAULT_TARGETS.join(',')).split(',').map((t) => (t.startsWith('mandate-') || t === 'bare-node' || t === 'oidc-provider' ? t : `mandate-${t}`)));
  const unknown = [...targets].filter((t) => !(ALL_TARGETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`unknown --targets ${unknown.join(', ')} (known: ${ALL_TARGETS.join(', ')})`);
  return {
    quick,
    connections: Number(get('connections') ?? 32),
    loops: Number(get('loops') ?? 8),
    duration: Number(get('duration') ?? (quick ? 3 : 10)),
    warmup: Number(get('warmup') ?? (quick ? 1 : 3)),
    scriptRuns: Number(get('script-runs') ?? (quick ? 500 : 2000)),
    tokenReplicas: Math.max(1, Number(get('token-replicas') ?? 1)),
    repeat: Math.max(1, Number(get('repeat') ?? 1)),
    only: get('only')?.split(',').reduce((set, id) => set.add(id), new Set<string>()),
    targets,
    cpuProf: argv.includes('--cpu-prof'),
  };
}

/** From the first load's start to the last one's end: the span the CPU profiles are summed over. */
const loadWindow: ProfileWindow = { from: Infinity, to: 0 };
async function underLoad<T>(load: () => Promise<T>): Promise<T> {
  const from = monotonicMicros();
  try {
    return await load();
  } finally {
    loadWindow.from = Math.min(loadWindow.from, from);
    loadWindow.to = Math.max(loadWindow.to, monotonicMicros());
  }
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Cleanups run once, newest first, on success, on error and on SIGINT/SIGTERM. */
const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
  })());

function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Starts one of the .mjs comparison servers on a free loopback port and waits for its "ready". */
async function spawnServer(script: string, env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...extraNodeArgs(), join(__dirname, script)], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => stopChild(proc));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s: ${out}`)), 30_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${out}`));
    });
  });
  return `http://127.0.0.1:${port}`;
}

/** Set explicitly rather than inherited from the test harness's default. */
const RATE_LIMIT_OFF_FOR_BENCH = { RATE_LIMIT_ENABLED: 'false' } as const;

async function startStack(mode: StackMode, infra: Infra, tokenReplicas: number): Promise<MandateStack> {
  // The bench drives thousands of token requests from one address: the gateway's rate limits are off (RATE_LIMIT_OFF_FOR_BENCH, printed in its settings).
  const env = { LOG_LEVEL: 'warn', AM_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), ...RATE_LIMIT_OFF_FOR_BENCH };
  const stack = await startMandate({ mode, infra: mode === 'embedded' ? undefined : infra, env });
  cleanups.push(() => stack.stop());
  // Scale-out (issue 9.3): more token-service processes in the same NATS queue group.
  if (mode === 'distributed') for (let i = 1; i < tokenReplicas; i++) await stack.addReplica('token-service');
  await waitForImport(stack.origin);
  return stack;
}

/** The demo import runs at start, beside readiness: wait until a seed client can get a token. */
async function waitForImport(origin: string): Promise<void> {
  const until = Date.now() + 30_000;
  let last = '';
  while (Date.now() < until) {
    const res = await fetch(`${origin}/am/oauth2/realms/root/realms/alpha/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=hr-agent&client_secret=mySecret&scope=read',
    });
    last = `${res.status} ${await res.text()}`;
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${origin}: config/demo.json was not imported within 30 s (last answer ${last})`);
}

async function startTargets(args: Args): Promise<{ targets: Target[]; infra: string }> {
  const wanted = (name: string) => args.targets.has(name);
  const needsWorkloads = !args.only || workloads.some((w) => args.only?.has(w.id) && w.id !== 'W0' && !w.inProcess);
  const targets: Target[] = [];
  if (wanted('bare-node') && (!args.only || args.only.has('W0'))) targets.push({ name: 'bare-node', kind: 'bare', origin: await spawnServer('bare-server.mjs') });
  if (!needsWorkloads) return { targets, infra: 'none' };

  const infra = await startInfra({ postgres: true, nats: true });
  cleanups.push(() => infra.stop());
  const postgresUrl = infra.postgres?.url ?? '';
  log(`infra: ${infra.mode} (${infra.reason})`);
  const modes = (['distributed', 'embedded', 'in-process'] as const).filter((m) => wanted(`mandate-${m}`));
  // allSettled: a failed start must not leave a sibling starting after the cleanups ran.
  const settled = await Promise.allSettled([
    wanted('oidc-provider') ? spawnServer('oidc-provider-server.mjs', { OIDC_DATABASE_URL: postgresUrl }) : Promise.resolve(undefined),
    ...modes.map((mode) => startStack(mode, infra, args.tokenReplicas)),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [oidc, ...stacks] = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
  stacks.forEach((stack, i) =>
    targets.push({ name: `mandate-${modes[i]}`, kind: 'mandate', origin: (stack as MandateStack).origin, databaseUrl: modes[i] === 'embedded' ? undefined : postgresUrl }),
  );
  if (oidc) targets.push({ name: 'oidc-provider', kind: 'oidc-provider', origin: oidc as string });
  return { targets, infra: `${infra.mode} Postgres and NATS` };
}

async function loadRun(url: string, req: LoadRequest, connections: number, duration: number) {
  return autocannon({ url, method: req.method, headers: req.headers, body: req.body, connections, duration, timeout: 10 });
}

async function run(args: Args, targets: Target[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workload of workloads) {
    if (args.only ? !args.only.has(workload.id) : workload.extra && args.quick) continue;
    if (workload.inProcess) {
      const base = { workload: workload.id, variant: workload.variant, target: 'in-process' };
      const r = await workload.inProcess({ runs: args.scriptRuns, seconds: args.duration });
      rows.push({ ...base, unit: r.unit ?? 'runs/s', rate: r.wall, cpuRate: r.cpu, p50: r.p50, p99: r.p99, note: r.note });
      log(`${workload.id}${workload.variant ? ` ${workload.variant}` : ''} in-process: ${r.wall} ${r.unit ?? 'runs/s'} (${r.cpu} per CPU-second)`);
      continue;
    }
    const loads: Array<{
      base: Pick<Row, 'workload' | 'variant' | 'target'>;
      label: string;
      url: string;
      req: LoadRequest;
      target: Target;
      runs: Array<Awaited<ReturnType<typeof loadRun>>>;
      idle?: Awaited<ReturnType<typeof loadRun>>;
    }> = [];
    for (const target of targets) {
      const base = { workload: workload.id, variant: workload.variant, target: target.name };
      const label = `${workload.id}${workload.variant ? ` ${workload.variant}` : ''} ${target.name}`;
      if (workload.sequence) {
        const sequence = await workload.sequence(target);
        if (typeof sequence === 'string') {
          if (sequence !== 'n/a') rows.push({ ...base, unit: 'seq/s', note: sequence });
          continue;
        }
        if (args.warmup > 0) await underLoad(() => runSequences(sequence, args.loops, args.warmup));
        const r = await underLoad(() => runSequences(sequence, args.loops, args.duration));
        rows.push({ ...base, unit: 'seq/s', rate: Math.round(r.perSecond * 10) / 10, p50: r.p50, p99: r.p99, errors: r.errors, note: r.firstError ? `first error: ${r.firstError}` : undefined });
        log(`${label}: ${r.perSecond.toFixed(1)} seq/s, p99 ${r.p99} ms, ${r.errors} errors`);
        continue;
      }
      if (!workload.request) continue;
      const req = await workload.request(target);
      if (typeof req === 'string') {
        if (req !== 'n/a') rows.push({ ...base, unit: 'req/s', note: req });
        if (req !== 'n/a') log(`${label}: ${req}`);
        continue;
      }
      loads.push({ base, label, url: `${target.origin}${req.path}`, req, target, runs: [] });
    }
    // --repeat N: every target runs once per round, so a slow spell of the machine hits all of them.
    for (let round = 0; round < args.repeat; round++) {
      for (const load of loads) {
        if (args.warmup > 0) await underLoad(() => loadRun(load.url, load.req, args.connections, args.warmup));
        let stop: (() => Promise<void>) | undefined;
        if (workload.during) {
          // The same request idle first, then again while the background load runs.
          load.idle = await underLoad(() => loadRun(load.url, load.req, args.connections, args.duration));
          const started = await workload.during(load.target);
          if (typeof started === 'string') {
            if (round === 0) rows.push({ ...load.base, unit: 'req/s', note: started });
            continue;
          }
          stop = started;
        }
        const r = await underLoad(() => loadRun(load.url, load.req, args.connections, args.duration)).finally(() => stop?.());
        load.runs.push(r);
        log(`${load.label}${args.repeat > 1 ? ` (run ${round + 1}/${args.repeat})` : ''}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
      }
    }
    for (const load of loads) {
      if (!load.runs.length) continue;
      const byRate = [...load.runs].sort((a, b) => a.requests.average - b.requests.average);
      const median = byRate[Math.floor(byRate.length / 2)];
      const spread = load.runs.length > 1 ? `median of ${load.runs.length} runs (${Math.round(byRate[0].requests.average)}–${Math.round(byRate[byRate.length - 1].requests.average)} req/s)` : undefined;
      rows.push({
        ...load.base,
        unit: 'req/s',
        rate: Math.round(median.requests.average),
        p50: median.latency.p50,
        p99: median.latency.p99,
        idleP50: load.idle?.latency.p50,
        idleP99: load.idle?.latency.p99,
        errors: load.runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
        non2xx: load.runs.reduce((sum, r) => sum + r.non2xx, 0),
        note: [spread, load.idle && `idle: p50 ${load.idle.latency.p50} ms, p99 ${load.idle.latency.p99} ms`].filter(Boolean).join('; ') || undefined,
      });
    }
  }
  return rows;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  // The processes write their profiles as they exit, so they are read after the cleanups.
  const profiles = args.cpuProf ? join(workspaceRoot(), 'tmp', 'bench', 'profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : undefined;
  if (profiles) {
    mkdirSync(profiles, { recursive: true });
    process.env.MANDATE_NODE_ARGS = [...extraNodeArgs(), '--cpu-prof', `--cpu-prof-dir=${profiles}`].join(' ');
  }
  let rows: Row[];
  let infra: string;
  try {
    const started = await startTargets(args);
    infra = started.infra;
    log(`targets up after ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s: ${started.targets.map((t) => t.name).join(', ')}`);
    rows = await run(args, started.targets);
  } finally {
    await cleanUp();
  }
  report(workspaceRoot(), { quick: args.quick, connections: args.connections, loops: args.loops, duration: args.duration, warmup: args.warmup, scriptRuns: args.scriptRuns, tokenReplicas: args.tokenReplicas, repeat: args.repeat, infra }, rows, workloads, startedAt);
  if (profiles) process.stdout.write(`\n${formatProfiles(profiles, summarizeProfiles(profiles, loadWindow)).join('\n')}\n`);
  log(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
