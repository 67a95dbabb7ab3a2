import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { describeMachine, machineSummary, sourceCommit } from '@mandate/testing';
import type { Row, Workload } from './bench-types';
import { costBudget, costTable, scaleOutTable } from './cost';

export interface Settings {
  quick: boolean;
  connections: number;
  loops: number;
  duration: number;
  warmup: number;
  /** S rows: sequential runs per script. */
  scriptRuns: number;
  /** token-service replicas in the distributed stack (same queue group). */
  tokenReplicas: number;
  /** Each autocannon row is run this many times, targets interleaved; the median is reported. */
  repeat: number;
  /** Seconds of each fixed-arrival-rate measurement. */
  openSeconds: number;
  infra: string;
}

function versions(root: string): Record<string, string> {
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const mandate = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { node: process.version, mandate: `${mandate} (${sourceCommit(root)})`, 'oidc-provider': version('oidc-provider'), autocannon: version('autocannon') };
}

/** A comparison server's row (oidc-provider on Postgres, or oidc-memory) for the same workload and variant. */
const comparisonOf = (rows: Row[], row: Row, against = 'oidc-provider') => rows.find((r) => r.workload === row.workload && r.variant === row.variant && r.target === against);

/** Throughput of a Mandate row over a comparison server's row for the same workload and variant. */
function ratioOf(rows: Row[], row: Row | undefined, against = 'oidc-provider'): number | undefined {
  if (!row?.target.startsWith('mandate') || !row.rate) return undefined;
  const base = comparisonOf(rows, row, against)?.rate;
  return base ? row.rate / base : undefined;
}

function ratio(rows: Row[], row: Row, against = 'oidc-provider'): string {
  return ratioOf(rows, row, against)?.toFixed(2) ?? '';
}

/** Issue 9's budget: the rows it names, the ratio and tail it asks of the distributed stack. */
const BUDGET_ROWS = [
  { workload: 'W1', variant: 'jwt', signs: true },
  { workload: 'W2', variant: undefined, signs: false },
  { workload: 'W3', variant: 'may_act', signs: false },
  { workload: 'W3', variant: 'policy', signs: true },
];
const BUDGET_RATIO = 1.5;
const BUDGET_P99_MS = 20;

export interface BudgetLine {
  row: string;
  ratio?: number;
  p99?: number;
  errors?: number;
  met: boolean;
}

/**
 * The budget, row by row, and the two bounds this machine sets on it, computed from the run:
 * Little's law for the tail (each connection always has one request waiting, so the mean latency
 * is connections / rate), and the W0 RS256 row for the rows that sign a token per request.
 */
export function budget(rows: Row[], settings: Pick<Settings, 'connections'>, cores = cpus().length): { lines: BudgetLine[]; text: string[] } {
  const find = (workload: string, variant: string | undefined, target: string) => rows.find((r) => r.workload === workload && r.variant === variant && r.target === target);
  const lines: BudgetLine[] = [];
  const text: string[] = [];
  const signing = find('W0', 'RS256', 'in-process');
  for (const want of BUDGET_ROWS) {
    const name = `${want.workload}${want.variant ? ` ${want.variant}` : ''}`;
    const mandate = find(want.workload, want.variant, 'mandate-distributed');
    const ratio = ratioOf(rows, mandate);
    if (!mandate || ratio === undefined) continue;
    const errors = (mandate.errors ?? 0) + (mandate.non2xx ?? 0);
    const ok = { ratio: ratio >= BUDGET_RATIO, p99: (mandate.p99 ?? Infinity) < BUDGET_P99_MS, errors: errors === 0 };
    lines.push({ row: name, ratio: Number(ratio.toFixed(3)), p99: mandate.p99, errors, met: ok.ratio && ok.p99 && ok.errors });
    const mark = (met: boolean) => (met ? 'met' : 'NOT met');
    // Rounded down, so a ratio just under the bound never prints as the bound.
    let line = `- ${name}: ${(Math.floor(ratio * 100) / 100).toFixed(2)}× oidc-provider (${mark(ok.ratio)}), p99 ${mandate.p99} ms (${mark(ok.p99)}), ${errors} errors (${mark(ok.errors)})`;
    if (want.signs && signing?.rate && signing.cpuRate) {
      const target = BUDGET_RATIO * (comparisonOf(rows, mandate)?.rate ?? 0);
      const left = (cores - target / signing.cpuRate) / target;
      line += `; signing alone caps it at ${signing.rate} req/s here, and at ${Math.round(target)} req/s (${BUDGET_RATIO}× oidc-provider) the signatures leave ${(left * 1000).toFixed(2)} ms of CPU per request for all else`;
    }
    text.push(line);
  }
  if (!lines.length) return { lines, text };
  const needed = settings.connections / (BUDGET_P99_MS / 1000);
  text.unshift(
    `budget (distributed stack): ≥ ${BUDGET_RATIO}× oidc-provider, p99 < ${BUDGET_P99_MS} ms at ${settings.connections} connections, zero errors`,
    `- the tail: with ${settings.connections} connections each always waiting on a request, mean latency = ${settings.connections} / rate, so a p99 under ${BUDGET_P99_MS} ms needs more than ${Math.round(needed)} req/s`,
  );
  return { lines, text };
}

/** Issue 17.3: discovery while runaway scripts run stays within this multiple of its idle latency. */
const ISOLATION_FACTOR = 2;

/**
 * The R row's budget, per Mandate target: discovery's p50 and p99 while runaway scripts run,
 * each within twice the same load idle (an idle value under 1 ms counts as 1 ms,
 * autocannon's resolution).
 */
export function isolationBudget(rows: Row[]): { lines: BudgetLine[]; text: string[] } {
  const lines: BudgetLine[] = [];
  const text: string[] = [];
  for (const r of rows.filter((row) => row.workload === 'R' && row.p99 !== undefined && row.idleP99 !== undefined)) {
    const within = (busy = Infinity, idle = 0) => busy <= ISOLATION_FACTOR * Math.max(idle, 1);
    const ok = { p50: within(r.p50, r.idleP50), p99: within(r.p99, r.idleP99) };
    const errors = r.errors ?? 0;
    lines.push({ row: `R ${r.target}`, p99: r.p99, errors, met: ok.p50 && ok.p99 && errors === 0 });
    const mark = (met: boolean) => (met ? 'met' : 'NOT met');
    text.push(`- R ${r.target}: p50 ${r.p50} ms (idle ${r.idleP50} ms, ${mark(ok.p50)}), p99 ${r.p99} ms (idle ${r.idleP99} ms, ${mark(ok.p99)}), ${errors} errors`);
  }
  if (lines.length) text.unshift(`budget (scripts off the event loop): discovery while runaway scripts run, p50 and p99 within ${ISOLATION_FACTOR}× idle`);
  return { lines, text };
}

/** Prints the markdown table and writes tmp/bench/latest.json. */
export function report(root: string, settings: Settings, rows: Row[], workloads: Workload[], startedAt: Date): void {
  const machine = machineSummary();
  const v = versions(root);
  const title = (row: Row) => workloads.find((w) => w.id === row.workload && w.variant === row.variant)?.title ?? '';
  const lines = [
    `date: ${startedAt.toISOString()}`,
    `machine: ${describeMachine(machine)}`,
    `versions: Node ${v.node}, Mandate ${v.mandate}, oidc-provider ${v['oidc-provider']}, autocannon ${v.autocannon}; infra ${settings.infra}`,
    `settings: ${settings.quick ? 'quick, ' : ''}autocannon ${settings.connections} connections, W4 ${settings.loops} loops; ${settings.duration} s per row after ${settings.warmup} s warm-up; fixed-arrival-rate rows ${settings.openSeconds} s; S ${settings.scriptRuns} runs per script; ${settings.tokenReplicas} token-service replica(s); gateway rate limits off (RATE_LIMIT_ENABLED=false)${settings.repeat > 1 ? `; W0–W3 rows: median of ${settings.repeat} runs, targets interleaved` : ''}`,
    '',
    '| workload | target | rate | p50 ms | p99 ms | errors | non-2xx | × oidc-provider | × oidc-memory | p99 ms at 50 % of peak | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const rate = r.rate === undefined ? '' : `${r.rate} ${r.unit}`;
      const name = `${r.workload}${r.variant ? ` ${r.variant}` : ''}: ${title(r)}`;
      const open = r.open ? `${r.open.p99} (${r.open.rate} req/s)` : '';
      return `| ${name} | ${r.target} | ${rate} | ${r.p50 ?? ''} | ${r.p99 ?? ''} | ${r.errors ?? ''} | ${r.non2xx ?? ''} | ${ratio(rows, r)} | ${ratio(rows, r, 'oidc-memory')} | ${open} | ${r.note ?? ''} |`;
    }),
  ];
  const costs = costTable(rows);
  if (costs.length) lines.push('', ...costs);
  const plan = budget(rows, settings);
  if (plan.text.length) lines.push('', ...plan.text);
  const isolation = isolationBudget(rows);
  if (isolation.text.length) lines.push('', ...isolation.text);
  const spend = costBudget(rows, machine.cpus);
  if (spend.text.length) lines.push('', ...spend.text);
  const scale = scaleOutTable(rows);
  if (scale.length) lines.push('', ...scale);
  process.stdout.write(`${lines.join('\n')}\n`);
  const dir = join(root, 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const results = rows.map((r) => ({
    ...r,
    title: title(r),
    ratioToOidcProvider: ratio(rows, r) ? Number(ratio(rows, r)) : undefined,
    ratioToOidcMemory: ratio(rows, r, 'oidc-memory') ? Number(ratio(rows, r, 'oidc-memory')) : undefined,
  }));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ date: startedAt.toISOString(), machine, versions: v, settings, results, budget: [...plan.lines, ...isolation.lines, ...spend.lines] }, null, 2));
  process.stdout.write(`\nJSON: tmp/bench/latest.json\n`);
}
