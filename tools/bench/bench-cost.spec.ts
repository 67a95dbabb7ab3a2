import type { Row, RowCost } from './bench-types';
import { costBudget, LOAD_GENERATOR, rowCost, scaleOut, serverCpuMs } from './cost';
import { dueBy, quantile, sendTimes } from './open-model';
import { cpuMsPerRequest, parseStat, parseVmRssKiB, type Sample } from './proc-stats';

const row = (workload: string, variant: string | undefined, target: string, fields: Partial<Row>): Row => ({ workload, variant, target, unit: 'req/s', errors: 0, non2xx: 0, ...fields });
const cost = (processes: Record<string, number>, extra: Partial<RowCost> = {}): RowCost => ({
  requests: 1000,
  seconds: 1,
  processes: Object.entries(processes).map(([name, cpuMsPerRequest]) => ({ name, cpuMsPerRequest, rssIdleMiB: 0, rssEndMiB: 0 })),
  ...extra,
});

describe('CPU per request from two /proc samples', () => {
  it('reads utime + stime and ppid after the last parenthesis, whatever the command name holds', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = '4242 (node (worker) x) S 17 4242 4242 0 -1 4194560 5008 45214 0 26 150 50 36 13 20 0 1 0';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'node (worker) x', ppid: 17, ticks: 200 });
    expect(parseVmRssKiB('Name:\tnode\nVmRSS:\t   81920 kB\nThreads: 11\n')).toBe(81920);
    expect(parseVmRssKiB('Name:\tkthreadd\n')).toBe(0);
  });

  it('sums the tick deltas of a group, counts a new pid from zero, and divides by requests at CLK_TCK', () => {
    const before: Sample = { gateway: { ticks: { 10: 1000 }, rssKiB: 0 }, postgres: { ticks: { 20: 500, 21: 40 }, rssKiB: 0 } };
    // postgres: 21 exited (its ticks are lost), 22 is a backend that started during the row.
    const after: Sample = { gateway: { ticks: { 10: 1250 }, rssKiB: 0 }, postgres: { ticks: { 20: 530, 22: 20 }, rssKiB: 0 } };
    // gateway: 250 ticks at 100/s = 2500 ms over 5000 requests = 0.5 ms each; postgres: 50 ticks = 500 ms → 0.1 ms.
    expect(cpuMsPerRequest(before, after, 5000, 100)).toEqual({ gateway: 0.5, postgres: 0.1 });
    expect(cpuMsPerRequest(before, after, 0, 100)).toEqual({ gateway: 0, postgres: 0 });
  });

  it('builds a row cost with RSS idle and at the end, and transactions and messages per request', () => {
    const idle: Sample = { gateway: { ticks: { 10: 0 }, rssKiB: 100 * 1024 } };
    const before: Sample = { gateway: { ticks: { 10: 100 }, rssKiB: 120 * 1024 } };
    const after: Sample = { gateway: { ticks: { 10: 300 }, rssKiB: 150 * 1024 } };
    const c = rowCost({ idle, before, after }, 4000, 2, 100, { postgres: [1000, 1600], nats: [0, 16000] });
    expect(c).toEqual({
      requests: 4000,
      seconds: 2,
      processes: [{ name: 'gateway', cpuMsPerRequest: 0.5, rssIdleMiB: 100, rssEndMiB: 150 }],
      postgresTransactionsPerRequest: 0.15,
      natsMessagesPerRequest: 4,
    });
  });
});

describe('the budget of issue 24', () => {
  const rows = [
    row('W1', 'opaque', 'mandate-embedded', { rate: 1500, cost: cost({ standalone: 0.6, postgres: 0.1, [LOAD_GENERATOR]: 0.1 }) }),
    row('W1', 'opaque', 'mandate-distributed', { rate: 1300, cost: cost({ gateway: 0.3, 'token-service': 0.35, 'nats-server': 0.1, postgres: 0.1, [LOAD_GENERATOR]: 0.1 }) }),
    row('W1', 'opaque', 'oidc-provider', { rate: 1200, cost: cost({ 'oidc-provider': 0.8, postgres: 0.2 }) }),
    row('W1', 'jwt', 'mandate-embedded', { rate: 1000, open: { rate: 500, p50: 3, p99: 9.5, scheduled: 750, completed: 750, late: 0, missed: 0, errors: 0 } }),
    row('W1', 'jwt', 'mandate-distributed', { rate: 820, open: { rate: 410, p50: 6, p99: 22, scheduled: 615, completed: 615, late: 3, missed: 0, errors: 0 }, cost: cost({ gateway: 0.4, 'token-service': 1.2 }) }),
    row('W1', 'jwt', 'oidc-memory', { rate: 1000 }),
    row('W2', undefined, 'mandate-embedded', { rate: 3000 }),
    row('W2', undefined, 'oidc-provider', { rate: 2000 }),
    row('R', undefined, 'mandate-distributed', { rate: 4000, idleP99: 20 }),
    row('R', undefined, 'mandate-embedded', { rate: 3000, idleP99: 30 }),
  ];
  const { lines, text } = costBudget(rows, 2);

  it('judges each check on its own ratio, a missing comparison (or the R row, under its own background load) leaving the check out', () => {
    expect(lines).toEqual([
      { row: 'W1 opaque embedded ≥ 1.5× oidc-provider', ratio: 1.25, met: false },
      { row: 'W1 jwt embedded ≥ 1× oidc-memory', ratio: 1, met: true },
      { row: 'W2 embedded ≥ 1.5× oidc-provider', ratio: 1.5, met: true },
      { row: 'W1 opaque distributed CPU/request ≤ 1.25× embedded', ratio: 1.214, met: true },
      { row: 'W1 opaque distributed throughput ≥ 0.8× embedded', ratio: 0.867, met: true },
      { row: 'W1 jwt distributed throughput ≥ 0.8× embedded', ratio: 0.82, met: true },
      { row: 'W1 jwt embedded p99 ≤ 10 ms at 50 % of peak', p99: 9.5, errors: 0, met: true },
      { row: 'W1 jwt distributed p99 ≤ 15 ms at 50 % of peak', p99: 22, errors: 0, met: false },
    ]);
  });

  it('says why a row misses from its own figures', () => {
    const opaque = text.find((l) => l.startsWith('- W1 opaque embedded'));
    // 0.70 ms of server CPU at 1.25×; 1.5× at the same cores busy needs 0.70 × 1.25 / 1.5 = 0.58 ms.
    expect(opaque).toContain('1.25× (NOT met); embedded 1500 req/s at 0.70 ms of server CPU per request (standalone 0.60, postgres 0.10), 1.20 of 2 cores busy');
    expect(opaque).toContain('1.5× needs ≤ 0.58 ms per request');
    const tail = text.find((l) => l.startsWith('- W1 jwt distributed p99'));
    expect(tail).toContain('410 req/s offered: p50 6 ms, p99 22 ms; 3 of 615 sends late, 0 missed, 0 errors (NOT met)');
    // token-service's 1.2 ms at 410 req/s is 0.49 of a core.
    expect(tail).toContain('token-service alone needs 0.49 cores and the stack 0.66');
    expect(text.find((l) => l.startsWith('- W2 embedded'))).toBe('- W2 embedded ≥ 1.5× oidc-provider: 1.50× (met)');
  });
});

describe('the scale-out arithmetic', () => {
  it('turns CPU per request into replicas of one core (at least one) and shared cores, and names what is full first', () => {
    const c = cost({ gateway: 0.25, 'authn-service': 0, 'token-service': 0.401, 'nats-server': 0.08, postgres: 0.05, [LOAD_GENERATOR]: 0.07 }, { postgresTransactionsPerRequest: 0.2, natsMessagesPerRequest: 4 });
    const s = scaleOut(c, [10_000, 100_000]);
    expect(s.processes.map((p) => [p.name, p.replicas])).toEqual([
      ['gateway', [3, 25]],
      ['authn-service', [1, 1]],
      ['token-service', [5, 41]],
      ['nats-server', [0, 0]],
      ['postgres', [0, 0]],
    ]);
    expect(s.processes.find((p) => p.name === 'postgres')?.cores).toEqual([0.5, 5]);
    expect(s.cores.map((x) => Number(x.toFixed(2)))).toEqual([7.81, 78.1]);
    expect(s.postgresTransactionsPerSecond).toEqual([2000, 20000]);
    expect(s.natsMessagesPerSecond).toEqual([40000, 400000]);
    expect(s.firstToSaturate).toEqual({ name: 'token-service', atRate: 2494 });
    expect(serverCpuMs(c)).toBeCloseTo(0.781, 6);
  });
});

describe("the open-model scheduler's send times", () => {
  it('spaces sends 1000 / rate ms apart regardless of answers, rate × seconds of them', () => {
    expect(sendTimes(4, 1)).toEqual([0, 250, 500, 750]);
    expect(sendTimes(1000, 0.005)).toEqual([0, 1, 2, 3, 4]);
    expect(sendTimes(0, 1)).toEqual([]);
    expect(sendTimes(800, 1.5)).toHaveLength(1200);
  });

  it('finds every send that is due, so a late timer catches up at once', () => {
    const times = sendTimes(1000, 0.01); // 0, 1, ..., 9 ms
    expect(dueBy(times, 0, 0)).toBe(1);
    expect(dueBy(times, 1, 0.5)).toBe(1);
    expect(dueBy(times, 1, 4.2)).toBe(5); // the timer woke 3 ms late: sends 1–4 go now
    expect(dueBy(times, 5, 100)).toBe(10);
  });

  it('reads quantiles from sorted latencies', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(51);
    expect(quantile(sorted, 0.99)).toBe(100);
    expect(quantile([], 0.99)).toBe(0);
  });
});
