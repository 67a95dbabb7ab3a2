/**
 * `npm run bench` (issue 9): throughput and tail latency of Mandate next to panva's oidc-provider,
 * on this machine, in one run. Everything listens on 127.0.0.1; every load is bounded in
 * connections and time. Prints a table and writes tmp/bench/latest.json.
 *
 *   npm run bench                 (warm-up 3 s, 10 s per row, 32 connections, 8 W4 loops)
 *   npm run bench -- --quick      (warm-up 0.5 s, 2 s per row, 1 s fixed-rate rows, oidc-memory on W1 only: under 2 minutes in all)
 *   npm run bench -- --quick --only W1,W3 --targets distributed,oidc-provider
 *   npm run bench -- --quick --only S       (the script sandbox alone: no server is started)
 *   options: --connections N --loops N --duration S --warmup S --script-runs N
 *            --token-replicas N   (scale-out: N token-service processes in the distributed stack's queue group)
 *            --cpu-prof   (every server process writes a V8 CPU profile to tmp/bench/profiles/<date>/;
 *                          the bench prints each one's busiest packages and functions during the load)
 *            --open-seconds S   (each fixed-arrival-rate row; 1 with --quick, else 10)
 *
 * Targets: bare-node (W0, the ceiling), mandate-distributed (the gateway and each service in its
 * own process over NATS, on Postgres, as in CI), mandate-embedded (what `npm start` runs: one
 * process, embedded Postgres), mandate-in-process (one process on the infra Postgres; only when
 * named in --targets), oidc-provider (oidc-provider-server.mjs, on the infra Postgres), oidc-memory
 * (the same server on oidc-provider's in-memory adapter, static clients; W1–W3, W1 only with --quick).
 * Mandate is started with MANDATE_IMPORT=config/demo.json: the workloads use the seeds' clients.
 * S rows run in this process (target `in-process`): sandboxed script runs/s of the seed scripts,
 * --script-runs sequential runs per script (2000; 500 with --quick). So does W0 RS256: RS256
 * signatures/s with every core, the ceiling of the rows that sign a token per request.
 * Under the table, the budget of issue 9, row by row, with the bounds this machine sets on it.
 * Issue 24: every row samples its target's processes from /proc before and after the load (CPU ms
 * per request per process, RSS idle and at the end; Postgres's transactions from pg_stat_database,
 * NATS's messages from nats-server's /varz), the budget rows are measured again at a fixed arrival
 * rate of half their peak (open model, open-model.ts), and the bench prints issue 24's budget and
 * a scale-out table from those figures (cost.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import {
  Cleanups,
  type Infra,
  type LocalNats,
  type LocalPostgres,
  type MandateStack,
  type StackMode,
  extraNodeArgs,
  freePort,
  startInfra,
  startMandate,
  waitForDemoImport,
  workspaceRoot,
} from '@mandate/testing';
import type { LoadRequest, Row, RowCost, Target } from './bench-types';
import { COMPARISON_BUDGET, LOAD_GENERATOR, OPEN_MODEL_P99_MS, OPEN_MODEL_SHARE, rowCost } from './cost';
import { runOpenModel } from './open-model';
import { clockTicksPerSecond, type ProcessGroup, sample, withDescendants } from './proc-stats';
import { formatProfiles, monotonicMicros, type ProfileWindow, summarizeProfiles } from './profile-summary';
import { report, type Settings } from './report';
import { runSequences } from './sequence-load';
import { BENCH_ADMIN_PASSWORD, workloads } from './workloads';

const ALL_TARGETS = ['bare-node', 'mandate-distributed', 'mandate-embedded', 'mandate-in-process', 'oidc-provider', 'oidc-memory'] as const;
const DEFAULT_TARGETS = ['bare-node', 'mandate-distributed', 'mandate-embedded', 'oidc-provider', 'oidc-memory'];
/** oidc-memory (oidc-provider with its in-memory adapter and static clients) runs W1–W3; with --quick only W1, where its budget is. */
const oidcMemoryWorkloads = (quick: boolean) => new Set(quick ? ['W1'] : ['W1', 'W2', 'W3']);
/** The bench process itself: autocannon, the W4 loops and the open-model sender. */
const loadGenerator: ProcessGroup = { name: LOAD_GENERATOR, pids: () => [process.pid] };

interface Args extends Omit<Settings, 'infra'> {
  only?: Set<string>;
  targets: Set<string>;
  cpuProf: boolean;
  /** Seconds of each fixed-arrival-rate (open-model) measurement, after `openLeadIn` seconds at the same rate. */
  openSeconds: number;
  openLeadIn: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const targets = new Set((get('targets') ?? DEFAULT_TARGETS.join(',')).split(',').map((t) => (t.startsWith('mandate-') || t === 'bare-node' || t.startsWith('oidc-') ? t : `mandate-${t}`)));
  const unknown = [...targets].filter((t) => !(ALL_TARGETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`unknown --targets ${unknown.join(', ')} (known: ${ALL_TARGETS.join(', ')})`);
  return {
    quick,
    connections: Number(get('connections') ?? 32),
    loops: Number(get('loops') ?? 8),
    duration: Number(get('duration') ?? (quick ? 2 : 10)),
    warmup: Number(get('warmup') ?? (quick ? 0.5 : 3)),
    scriptRuns: Number(get('script-runs') ?? (quick ? 500 : 2000)),
    tokenReplicas: Math.max(1, Number(get('token-replicas') ?? 1)),
    repeat: Math.max(1, Number(get('repeat') ?? 1)),
    only: get('only')?.split(',').reduce((set, id) => set.add(id), new Set<string>()),
    targets,
    cpuProf: argv.includes('--cpu-prof'),
    openSeconds: Number(get('open-seconds') ?? (quick ? 1 : 10)),
    openLeadIn: quick ? 0.25 : 2,
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

const cleanups = new Cleanups(log);

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
async function spawnServer(script: string, env: Record<string, string> = {}): Promise<{ origin: string; pid: number }> {
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
  return { origin: `http://127.0.0.1:${port}`, pid: proc.pid as number };
}

/** Set explicitly rather than inherited from the test harness's default. */
const RATE_LIMIT_OFF_FOR_BENCH = { RATE_LIMIT_ENABLED: 'false' } as const;

interface StartedStack {
  stack: MandateStack;
  processes: ProcessGroup[];
  /** embedded: its own Postgres (the port the bench chose, the password its data dir keeps). */
  postgresUrl?: string;
}

async function startStack(mode: StackMode, infra: Infra, tokenReplicas: number): Promise<StartedStack> {
  // The bench drives thousands of token requests from one address: the gateway's rate limits are off (RATE_LIMIT_OFF_FOR_BENCH, printed in its settings).
  const env: Record<string, string> = { LOG_LEVEL: 'warn', AM_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), ...RATE_LIMIT_OFF_FOR_BENCH };
  const embeddedPort = mode === 'embedded' ? await freePort() : undefined;
  if (embeddedPort) env.EMBEDDED_PG_PORT = String(embeddedPort);
  const stack = await startMandate({ mode, infra: mode === 'embedded' ? undefined : infra, env });
  cleanups.push(() => stack.stop());
  // Scale-out (issue 9.3): more token-service processes in the same NATS queue group.
  const replicas: Array<{ pid: number | undefined }> = [];
  if (mode === 'distributed') for (let i = 1; i < tokenReplicas; i++) replicas.push(await stack.addReplica('token-service'));
  await waitForDemoImport(stack.origin);
  const infraPostgres: ProcessGroup = { name: 'postgres', pids: () => withDescendants((infra.postgres as LocalPostgres | undefined)?.pid) };
  const processes: ProcessGroup[] =
    mode === 'distributed'
      ? [
          { name: 'gateway', pids: () => [stack.gateway.pid ?? 0] },
          ...[...stack.services].map(([app, proc]) => ({ name: app, pids: () => [proc.pid ?? 0, ...(app === 'token-service' ? replicas.map((r) => r.pid ?? 0) : [])] })),
          { name: 'nats-server', pids: () => [(infra.nats as LocalNats | undefined)?.pid ?? 0] },
          infraPostgres,
        ]
      : mode === 'embedded'
        ? // The launcher's descendants are its embedded Postgres: the postmaster and its backends.
          [{ name: 'standalone', pids: () => [stack.gateway.pid ?? 0] }, { name: 'postgres', pids: () => withDescendants(stack.gateway.pid).slice(1) }]
        : [{ name: 'standalone', pids: () => [stack.gateway.pid ?? 0] }, infraPostgres];
  const password = stack.dataDir ? readFileSync(join(stack.dataDir, 'postgres.password'), 'utf8').trim() : undefined;
  return { stack, processes, postgresUrl: embeddedPort && password ? `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${embeddedPort}/mandate` : undefined };
}

/** Transactions so far over every database of a Postgres, on one connection the bench keeps for the run. */
function transactionCounter(url: string): () => Promise<number> {
  let client: Promise<Client> | undefined;
  return async () => {
    client ??= (async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      cleanups.push(() => c.end());
      return c;
    })();
    const { rows } = await (await client).query<{ n: string }>('SELECT (sum(xact_commit) + sum(xact_rollback))::bigint::text AS n FROM pg_stat_database');
    return Number(rows[0]?.n ?? 0);
  };
}

/** nats-server's received-message count (/varz in_msgs). */
const natsCounter = (monitorUrl: string) => async () => {
  const res = await fetch(`${monitorUrl}/varz`, { signal: AbortSignal.timeout(5_000) });
  return Number(((await res.json()) as { in_msgs?: number }).in_msgs ?? 0);
};

async function startTargets(args: Args): Promise<{ targets: Target[]; infra: string }> {
  const wanted = (name: string) => args.targets.has(name);
  const needsWorkloads = !args.only || workloads.some((w) => args.only?.has(w.id) && w.id !== 'W0' && !w.inProcess);
  const targets: Target[] = [];
  if (wanted('bare-node') && (!args.only || args.only.has('W0'))) {
    const bare = await spawnServer('bare-server.mjs');
    targets.push({ name: 'bare-node', kind: 'bare', origin: bare.origin, processes: [{ name: 'bare-node', pids: () => [bare.pid] }, loadGenerator] });
  }
  if (!needsWorkloads) return { targets, infra: 'none' };

  // -m: nats-server's monitoring endpoint, for the messages per request of the scale-out table.
  const infra = await startInfra({ postgres: true, nats: true, natsMonitor: true });
  cleanups.push(() => infra.stop());
  const postgresUrl = infra.postgres?.url ?? '';
  log(`infra: ${infra.mode} (${infra.reason})`);
  const modes = (['distributed', 'embedded', 'in-process'] as const).filter((m) => wanted(`mandate-${m}`));
  // allSettled: a failed start must not leave a sibling starting after the cleanups ran.
  const settled = await Promise.allSettled([
    wanted('oidc-provider') ? spawnServer('oidc-provider-server.mjs', { OIDC_DATABASE_URL: postgresUrl }) : Promise.resolve(undefined),
    // Without OIDC_DATABASE_URL: oidc-provider's own in-memory adapter, the clients static in its configuration.
    wanted('oidc-memory') ? spawnServer('oidc-provider-server.mjs') : Promise.resolve(undefined),
    ...modes.map((mode) => startStack(mode, infra, args.tokenReplicas)),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [oidc, oidcMemory, ...stacks] = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [
    { origin: string; pid: number } | undefined,
    { origin: string; pid: number } | undefined,
    ...StartedStack[],
  ];
  const infraTransactions = postgresUrl ? transactionCounter(postgresUrl) : undefined;
  const natsMonitor = infra.nats?.monitorUrl;
  stacks.forEach(({ stack, processes, postgresUrl: ownPostgres }, i) =>
    targets.push({
      name: `mandate-${modes[i]}`,
      kind: 'mandate',
      origin: stack.origin,
      databaseUrl: modes[i] === 'embedded' ? undefined : postgresUrl,
      processes: [...processes, loadGenerator],
      postgresTransactions: ownPostgres ? transactionCounter(ownPostgres) : infraTransactions,
      natsInMsgs: modes[i] === 'distributed' && natsMonitor ? natsCounter(natsMonitor) : undefined,
    }),
  );
  const infraPostgres: ProcessGroup = { name: 'postgres', pids: () => withDescendants((infra.postgres as LocalPostgres | undefined)?.pid) };
  if (oidc) targets.push({ name: 'oidc-provider', kind: 'oidc-provider', origin: oidc.origin, processes: [{ name: 'oidc-provider', pids: () => [oidc.pid] }, infraPostgres, loadGenerator], postgresTransactions: infraTransactions });
  if (oidcMemory) targets.push({ name: 'oidc-memory', kind: 'oidc-provider', origin: oidcMemory.origin, processes: [{ name: 'oidc-provider', pids: () => [oidcMemory.pid] }, loadGenerator] });
  return { targets, infra: `${infra.mode} Postgres and NATS` };
}

async function loadRun(url: string, req: LoadRequest, connections: number, duration: number) {
  return autocannon({ url, method: req.method, headers: req.headers, body: req.body, connections, duration, timeout: 10 });
}

interface Counters {
  postgres?: number;
  nats?: number;
}
const readCounters = async (target: Target): Promise<Counters> => ({ postgres: await target.postgresTransactions?.(), nats: await target.natsInMsgs?.() });
const pair = (a?: number, b?: number): [number, number] | undefined => (a === undefined || b === undefined ? undefined : [a, b]);

/**
 * Runs one measured load with the target's processes sampled around it: RSS idle (before the
 * warm-up), CPU ticks and the Postgres and NATS counters just before and just after the load.
 */
async function measured<T>(target: Target, warmup: () => Promise<unknown>, load: () => Promise<T>, completed: (result: T) => number): Promise<{ result: T; cost?: RowCost }> {
  const groups = target.processes ?? [];
  const idle = sample(groups);
  await warmup();
  const before = sample(groups);
  const countersBefore = await readCounters(target);
  const started = performance.now();
  const result = await load();
  const seconds = (performance.now() - started) / 1000;
  const after = sample(groups);
  const countersAfter = await readCounters(target);
  if (!groups.length) return { result };
  const cost = rowCost({ idle, before, after }, completed(result), seconds, clockTicksPerSecond(), {
    postgres: pair(countersBefore.postgres, countersAfter.postgres),
    nats: pair(countersBefore.nats, countersAfter.nats),
  });
  return { result, cost };
}

/** The rows whose latency is also measured at a fixed arrival rate: issue 24's budget rows, on Mandate's two stacks. */
const openModelWanted = (workload: string, variant: string | undefined, target: string) =>
  OPEN_MODEL_P99_MS[target] !== undefined && COMPARISON_BUDGET.some((b) => b.workload === workload && b.variant === variant);

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
      costs: Array<RowCost | undefined>;
      idle?: Awaited<ReturnType<typeof loadRun>>;
    }> = [];
    for (const target of targets) {
      if (target.name === 'oidc-memory' && !oidcMemoryWorkloads(args.quick).has(workload.id)) continue;
      const base = { workload: workload.id, variant: workload.variant, target: target.name };
      const label = `${workload.id}${workload.variant ? ` ${workload.variant}` : ''} ${target.name}`;
      if (workload.sequence) {
        const sequence = await workload.sequence(target);
        if (typeof sequence === 'string') {
          if (sequence !== 'n/a') rows.push({ ...base, unit: 'seq/s', note: sequence });
          continue;
        }
        const { result: r, cost } = await measured(
          target,
          () => (args.warmup > 0 ? underLoad(() => runSequences(sequence, args.loops, args.warmup)) : Promise.resolve()),
          () => underLoad(() => runSequences(sequence, args.loops, args.duration)),
          (result) => result.completed,
        );
        rows.push({ ...base, unit: 'seq/s', rate: Math.round(r.perSecond * 10) / 10, p50: r.p50, p99: r.p99, errors: r.errors, note: r.firstError ? `first error: ${r.firstError}` : undefined, cost });
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
      loads.push({ base, label, url: `${target.origin}${req.path}`, req, target, runs: [], costs: [] });
    }
    // --repeat N: every target runs once per round, so a slow spell of the machine hits all of them.
    for (let round = 0; round < args.repeat; round++) {
      for (const load of loads) {
        if (!workload.during) {
          // CPU and RSS per process around the load (issue 24.2); the R row's background load would blur them.
          const { result: r, cost } = await measured(
            load.target,
            () => (args.warmup > 0 ? underLoad(() => loadRun(load.url, load.req, args.connections, args.warmup)) : Promise.resolve()),
            () => underLoad(() => loadRun(load.url, load.req, args.connections, args.duration)),
            (result) => result.requests.total,
          );
          load.runs.push(r);
          load.costs.push(cost);
          log(`${load.label}${args.repeat > 1 ? ` (run ${round + 1}/${args.repeat})` : ''}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
          continue;
        }
        if (args.warmup > 0) await underLoad(() => loadRun(load.url, load.req, args.connections, args.warmup));
        // The same request idle first, then again while the background load runs.
        load.idle = await underLoad(() => loadRun(load.url, load.req, args.connections, args.duration));
        const stop = await workload.during(load.target);
        if (typeof stop === 'string') {
          if (round === 0) rows.push({ ...load.base, unit: 'req/s', note: stop });
          continue;
        }
        const r = await underLoad(() => loadRun(load.url, load.req, args.connections, args.duration)).finally(() => stop());
        load.runs.push(r);
        log(`${load.label}${args.repeat > 1 ? ` (run ${round + 1}/${args.repeat})` : ''}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
      }
    }
    for (const load of loads) {
      if (!load.runs.length) continue;
      const byRate = [...load.runs].sort((a, b) => a.requests.average - b.requests.average);
      const median = byRate[Math.floor(byRate.length / 2)];
      const cost = load.costs[load.runs.indexOf(median)];
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
        cost,
      });
    }
    // Latency at a fixed arrival rate, half the peak just measured (issue 24.3): a short lead-in opens the connections.
    for (const load of loads) {
      const row = rows.find((r) => r.workload === load.base.workload && r.variant === load.base.variant && r.target === load.base.target);
      if (!row?.rate || workload.during || !openModelWanted(row.workload, row.variant, row.target)) continue;
      const rate = Math.max(1, Math.round(row.rate * OPEN_MODEL_SHARE));
      await underLoad(() => runOpenModel(load.url, load.req, rate, args.openLeadIn));
      const open = await underLoad(() => runOpenModel(load.url, load.req, rate, args.openSeconds));
      row.open = { rate, p50: open.p50, p99: open.p99, scheduled: open.scheduled, completed: open.completed, late: open.late, missed: open.missed, errors: open.errors };
      log(`${load.label} at ${rate} req/s (open model): p50 ${open.p50} ms, p99 ${open.p99} ms, ${open.late} late, ${open.missed} missed, ${open.errors} errors`);
    }
  }
  return rows;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  cleanups.onSignals();
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
    await cleanups.run();
  }
  report(workspaceRoot(), { quick: args.quick, connections: args.connections, loops: args.loops, duration: args.duration, warmup: args.warmup, scriptRuns: args.scriptRuns, tokenReplicas: args.tokenReplicas, repeat: args.repeat, openSeconds: args.openSeconds, infra }, rows, workloads, startedAt);
  if (profiles) process.stdout.write(`\n${formatProfiles(profiles, summarizeProfiles(profiles, loadWindow)).join('\n')}\n`);
  log(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
  // Everything the bench started is stopped; a pooled worker or keep-alive socket must not hold the process open.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
