/**
 * Issue 24.2–24.4, from one run's figures: what each row cost each process (CPU per request, RSS),
 * the budget of ratios that cost and throughput must meet, and the scale-out arithmetic (replicas
 * and cores for 10k and 100k req/s). Pure functions of the rows; bench.ts measures, this judges.
 */
import type { OpenModelFigures, Row, RowCost } from './bench-types';
import { cpuMsPerRequest, type Sample } from './proc-stats';
import type { BudgetLine } from './report';

/** The bench process: autocannon, the W4 loops and the open-model sender run in it. */
export const LOAD_GENERATOR = 'load generator (bench)';
/** Process groups that are not Mandate apps: shared, scaled up rather than out by replicas. */
const SHARED = new Set(['postgres', 'nats-server']);

const EMBEDDED = 'mandate-embedded';
const DISTRIBUTED = 'mandate-distributed';
const rowName = (r: Pick<Row, 'workload' | 'variant'>) => `${r.workload}${r.variant ? ` ${r.variant}` : ''}`;
const mib = (kib: number) => Math.round(kib / 1024);
const ms = (value: number) => value.toFixed(2);

/** A row's cost from the idle sample (RSS), the samples around the load and the counters read with them. */
export function rowCost(
  samples: { idle: Sample; before: Sample; after: Sample },
  requests: number,
  seconds: number,
  clkTck: number,
  counters: { postgres?: [number, number]; nats?: [number, number] } = {},
): RowCost {
  const cpu = cpuMsPerRequest(samples.before, samples.after, requests, clkTck);
  const perRequest = (pair?: [number, number]) => (pair && requests > 0 ? Math.round(((pair[1] - pair[0]) / requests) * 100) / 100 : undefined);
  return {
    requests,
    seconds,
    processes: Object.keys(samples.after).map((name) => ({
      name,
      cpuMsPerRequest: Math.round(cpu[name] * 1000) / 1000,
      rssIdleMiB: mib(samples.idle[name]?.rssKiB ?? 0),
      rssEndMiB: mib(samples.after[name].rssKiB),
    })),
    postgresTransactionsPerRequest: perRequest(counters.postgres),
    natsMessagesPerRequest: perRequest(counters.nats),
  };
}

/** CPU per request of the server side: every process but the load generator. */
export function serverCpuMs(cost: RowCost): number {
  return cost.processes.filter((p) => p.name !== LOAD_GENERATOR).reduce((sum, p) => sum + p.cpuMsPerRequest, 0);
}

/** Cores the whole row kept busy, the load generator included: rate × CPU per request. */
const coresBusy = (row: Row) => ((row.rate ?? 0) * (row.cost?.processes.reduce((sum, p) => sum + p.cpuMsPerRequest, 0) ?? 0)) / 1000;

/** `gateway 0.24, token-service 0.16, …`: the server processes, costliest first. */
const busiest = (cost: RowCost, top = 3) =>
  [...cost.processes]
    .filter((p) => p.name !== LOAD_GENERATOR)
    .sort((a, b) => b.cpuMsPerRequest - a.cpuMsPerRequest)
    .slice(0, top)
    .map((p) => `${p.name} ${ms(p.cpuMsPerRequest)}`)
    .join(', ');

/** The per-process table printed under the main one: CPU ms per request and RSS idle → end, per row and target. */
export function costTable(rows: Row[]): string[] {
  const measured = rows.filter((r) => r.cost);
  if (!measured.length) return [];
  return [
    'CPU ms per request (utime + stime from /proc, between samples around the measured load) and RSS in MiB (idle before the row → at its end), per process; Postgres: the postmaster and every backend, summed',
    '',
    '| workload | target | rate | server CPU ms/req | cores busy | processes: CPU ms/req (RSS idle → end) | PG tx/req | NATS msgs/req |',
    '|---|---|---:|---:|---:|---|---:|---:|',
    ...measured.map((r) => {
      const cost = r.cost as RowCost;
      const processes = cost.processes.map((p) => `${p.name} ${ms(p.cpuMsPerRequest)} (${p.rssIdleMiB} → ${p.rssEndMiB})`).join('; ');
      return `| ${rowName(r)} | ${r.target} | ${r.rate ?? ''} ${r.unit} | ${ms(serverCpuMs(cost))} | ${coresBusy(r).toFixed(2)} | ${processes} | ${cost.postgresTransactionsPerRequest ?? ''} | ${cost.natsMessagesPerRequest ?? ''} |`;
    }),
  ];
}

/** Issue 24.3: embedded against the comparison servers, ratios of throughput. */
export const COMPARISON_BUDGET = [
  { workload: 'W1', variant: 'opaque', against: 'oidc-provider', ratio: 1.5 },
  { workload: 'W1', variant: 'jwt', against: 'oidc-memory', ratio: 1.0 },
  { workload: 'W2', variant: undefined, against: 'oidc-provider', ratio: 1.5 },
  { workload: 'W3', variant: 'may_act', against: 'oidc-provider', ratio: 1.5 },
  { workload: 'W3', variant: 'policy', against: 'oidc-provider', ratio: 1.5 },
];
/** Distributed's server CPU per request at most this multiple of embedded's, per row. */
export const DISTRIBUTED_CPU_MAX = 1.25;
/** Distributed's throughput at least this multiple of embedded's, per row. */
export const DISTRIBUTED_RATE_MIN = 0.8;
/** The open-model rows run at this share of the row's measured peak. */
export const OPEN_MODEL_SHARE = 0.5;
/** p99 at OPEN_MODEL_SHARE of the peak, ms. */
export const OPEN_MODEL_P99_MS: Record<string, number> = { [EMBEDDED]: 10, [DISTRIBUTED]: 15 };

const mark = (met: boolean) => (met ? 'met' : 'NOT met');
/** Rounded towards the side of the bound it misses, so a ratio just short never prints as the bound. */
const shown = (value: number, atLeast: boolean) => (atLeast ? Math.floor(value * 100) / 100 : Math.ceil(value * 100) / 100).toFixed(2);

/** The open-model figures of a row, in words. */
const openText = (open: OpenModelFigures) =>
  `${open.rate} req/s offered: p50 ${open.p50} ms, p99 ${open.p99} ms; ${open.late} of ${open.scheduled} sends late, ${open.missed} missed, ${open.errors} errors`;

/**
 * The budget of issue 24.3, from the run's own rows: a verdict per check, and for each miss the
 * figures that explain it (which process's CPU per request dominates, how many cores were busy).
 */
export function costBudget(rows: Row[], cores: number): { lines: BudgetLine[]; text: string[] } {
  const find = (workload: string, variant: string | undefined, target: string) => rows.find((r) => r.workload === workload && r.variant === variant && r.target === target && r.rate);
  const lines: BudgetLine[] = [];
  const text: string[] = [];
  const costWords = (r: Row) => (r.cost ? `${ms(serverCpuMs(r.cost))} ms of server CPU per request (${busiest(r.cost)}), ${coresBusy(r).toFixed(2)} of ${cores} cores busy` : 'no CPU figures');

  for (const want of COMPARISON_BUDGET) {
    const embedded = find(want.workload, want.variant, EMBEDDED);
    const base = find(want.workload, want.variant, want.against);
    if (!embedded?.rate || !base?.rate) continue;
    const ratio = embedded.rate / base.rate;
    const met = ratio >= want.ratio;
    const name = `${rowName(want)} embedded ≥ ${want.ratio}× ${want.against}`;
    lines.push({ row: name, ratio: Number(ratio.toFixed(3)), met });
    let line = `- ${name}: ${shown(ratio, true)}× (${mark(met)})`;
    if (!met) {
      line += `; embedded ${embedded.rate} req/s at ${costWords(embedded)}; ${want.against} ${base.rate} req/s at ${costWords(base)}`;
      if (embedded.cost) line += `; at the same cores busy, ${want.ratio}× needs ≤ ${ms((serverCpuMs(embedded.cost) * ratio) / want.ratio)} ms per request`;
    }
    text.push(line);
  }

  const pairs = rows
    // Not the R row: its rate is measured under a background load of its own.
    .filter((r) => r.target === DISTRIBUTED && r.rate && r.unit !== 'runs/s' && r.idleP99 === undefined)
    .map((d) => ({ distributed: d, embedded: find(d.workload, d.variant, EMBEDDED) }))
    .filter((p): p is { distributed: Row; embedded: Row } => !!p.embedded);
  for (const { distributed, embedded } of pairs) {
    if (distributed.cost && embedded.cost && serverCpuMs(embedded.cost) > 0) {
      const [d, e] = [serverCpuMs(distributed.cost), serverCpuMs(embedded.cost)];
      const ratio = d / e;
      const met = ratio <= DISTRIBUTED_CPU_MAX;
      const name = `${rowName(distributed)} distributed CPU/request ≤ ${DISTRIBUTED_CPU_MAX}× embedded`;
      lines.push({ row: name, ratio: Number(ratio.toFixed(3)), met });
      let line = `- ${name}: ${shown(ratio, false)}× (${ms(d)} vs ${ms(e)} ms, ${mark(met)})`;
      if (!met) {
        const hops = distributed.cost.processes.filter((p) => p.name === 'gateway' || p.name === 'nats-server').reduce((sum, p) => sum + p.cpuMsPerRequest, 0);
        line += `; distributed: ${busiest(distributed.cost, 4)}; the gateway and nats-server alone take ${ms(hops)} ms, embedded: ${busiest(embedded.cost, 2)}`;
      }
      text.push(line);
    }
    const ratio = (distributed.rate ?? 0) / (embedded.rate ?? 1);
    const met = ratio >= DISTRIBUTED_RATE_MIN;
    const name = `${rowName(distributed)} distributed throughput ≥ ${DISTRIBUTED_RATE_MIN}× embedded`;
    lines.push({ row: name, ratio: Number(ratio.toFixed(3)), met });
    let line = `- ${name}: ${shown(ratio, true)}× (${distributed.rate} vs ${embedded.rate} ${distributed.unit}, ${mark(met)})`;
    if (!met) line += `; distributed ${costWords(distributed)}; embedded ${costWords(embedded)}`;
    text.push(line);
  }

  for (const r of rows.filter((row) => row.open && OPEN_MODEL_P99_MS[row.target] !== undefined)) {
    const open = r.open as OpenModelFigures;
    const bound = OPEN_MODEL_P99_MS[r.target];
    const complete = open.missed === 0 && open.errors === 0;
    const met = open.p99 <= bound && complete;
    const name = `${rowName(r)} ${r.target === EMBEDDED ? 'embedded' : 'distributed'} p99 ≤ ${bound} ms at ${OPEN_MODEL_SHARE * 100} % of peak`;
    lines.push({ row: name, p99: open.p99, errors: open.errors, met });
    let line = `- ${name}: ${openText(open)} (${mark(met)})`;
    if (!met && r.cost && r.rate) {
      const top = [...r.cost.processes].filter((p) => p.name !== LOAD_GENERATOR).sort((a, b) => b.cpuMsPerRequest - a.cpuMsPerRequest)[0];
      line += `; at the peak (${r.rate} req/s, closed model, p99 ${r.p99} ms) ${costWords(r)}; at ${open.rate} req/s ${top?.name} alone needs ${((open.rate * (top?.cpuMsPerRequest ?? 0)) / 1000).toFixed(2)} cores and the stack ${((open.rate * serverCpuMs(r.cost)) / 1000).toFixed(2)}`;
      if (open.late) line += `; ${open.late} late sends: the bench's own timer fell behind (it shares the cores)`;
    }
    text.push(line);
  }
  if (lines.length)
    text.unshift(
      `budget (issue 24, ratios of this run): embedded ≥ 1.5× oidc-provider on Postgres (W1 opaque, W2, W3), ≥ 1.0× oidc-provider in memory (W1 jwt); distributed CPU per request ≤ ${DISTRIBUTED_CPU_MAX}× and throughput ≥ ${DISTRIBUTED_RATE_MIN}× embedded's; p99 at a fixed arrival rate of ${OPEN_MODEL_SHARE * 100} % of the row's peak ≤ ${OPEN_MODEL_P99_MS[EMBEDDED]} ms embedded, ≤ ${OPEN_MODEL_P99_MS[DISTRIBUTED]} ms distributed`,
    );
  return { lines, text };
}

export interface ScaleOutProcess {
  name: string;
  cpuMsPerRequest: number;
  shared: boolean;
  /** Per target rate: Mandate apps, replicas of one core each (at least one); shared ones, cores. */
  replicas: number[];
  cores: number[];
}

export interface ScaleOut {
  rates: number[];
  processes: ScaleOutProcess[];
  /** Server cores per target rate (the load generator left out). */
  cores: number[];
  postgresTransactionsPerSecond?: number[];
  natsMessagesPerSecond?: number[];
  /** The Mandate app with the most CPU per request: one replica of it is full first, at `atRate` req/s. */
  firstToSaturate?: { name: string; atRate: number };
}

/**
 * Replicas and cores for each target rate, from a row's CPU per request, assuming cost per request
 * stays what it was here (no gain from larger batches, no loss to contention) and one core per
 * replica, fully used. Postgres and NATS are shared: their figure is cores, not replicas.
 */
export function scaleOut(cost: RowCost, rates: number[] = [10_000, 100_000]): ScaleOut {
  const processes = cost.processes
    .filter((p) => p.name !== LOAD_GENERATOR)
    .map((p): ScaleOutProcess => {
      const cores = rates.map((rate) => (rate * p.cpuMsPerRequest) / 1000);
      const shared = SHARED.has(p.name);
      return { name: p.name, cpuMsPerRequest: p.cpuMsPerRequest, shared, cores, replicas: cores.map((c) => (shared ? 0 : Math.max(1, Math.ceil(c - 1e-9)))) };
    });
  const apps = processes.filter((p) => !p.shared).sort((a, b) => b.cpuMsPerRequest - a.cpuMsPerRequest);
  const perRate = (perRequest?: number) => (perRequest === undefined ? undefined : rates.map((rate) => Math.round(rate * perRequest)));
  return {
    rates,
    processes,
    cores: rates.map((_, i) => processes.reduce((sum, p) => sum + p.cores[i], 0)),
    postgresTransactionsPerSecond: perRate(cost.postgresTransactionsPerRequest),
    natsMessagesPerSecond: perRate(cost.natsMessagesPerRequest),
    firstToSaturate: apps[0]?.cpuMsPerRequest ? { name: apps[0].name, atRate: Math.round(1000 / apps[0].cpuMsPerRequest) } : undefined,
  };
}

const thousands = (n: number) => (n >= 1000 ? `${Number((n / 1000).toFixed(1))}k` : String(n));

/** The scale-out table (issue 24.4), one line per Mandate row with CPU figures. */
export function scaleOutTable(rows: Row[], rates: number[] = [10_000, 100_000]): string[] {
  const measured = rows.filter((r) => r.cost && r.target.startsWith('mandate-') && r.unit === 'req/s' && r.rate);
  if (!measured.length) return [];
  const at = rates.map(thousands).join(' / ');
  return [
    `scale-out from this run's CPU per request: replicas (one core each, fully used) and cores for ${at} req/s, cost per request held at what was measured here`,
    '',
    `| workload | target | server CPU ms/req | Mandate processes: ms/req → replicas @ ${at} | Postgres ms/req → cores | NATS ms/req → cores | total cores @ ${at} | PG tx/req → tx/s | NATS msgs/req → msgs/s | first to saturate (one replica each) |`,
    '|---|---|---:|---|---|---|---:|---|---|---|',
    ...measured.map((r) => {
      const cost = r.cost as RowCost;
      const s = scaleOut(cost, rates);
      const apps = s.processes.filter((p) => !p.shared).map((p) => `${p.name} ${ms(p.cpuMsPerRequest)} → ${p.replicas.join(' / ')}`).join('; ');
      const shared = (name: string) => {
        const p = s.processes.find((q) => q.name === name);
        return p ? `${ms(p.cpuMsPerRequest)} → ${p.cores.map((c) => c.toFixed(1)).join(' / ')}` : '';
      };
      const per = (perRequest?: number, perSecond?: number[]) => (perRequest === undefined || !perSecond ? '' : `${perRequest} → ${perSecond.map(thousands).join(' / ')}`);
      const first = s.firstToSaturate ? `${s.firstToSaturate.name} at ~${s.firstToSaturate.atRate} req/s` : '';
      return `| ${rowName(r)} | ${r.target} | ${ms(serverCpuMs(cost))} | ${apps} | ${shared('postgres')} | ${shared('nats-server')} | ${s.cores.map((c) => c.toFixed(1)).join(' / ')} | ${per(cost.postgresTransactionsPerRequest, s.postgresTransactionsPerSecond)} | ${per(cost.natsMessagesPerRequest, s.natsMessagesPerSecond)} | ${first} |`;
    }),
  ];
}
