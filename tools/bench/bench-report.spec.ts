import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from './bench-types';
import { summarizeProfiles } from './profile-summary';
import { budget, isolationBudget } from './report';

const row = (workload: string, variant: string | undefined, target: string, fields: Partial<Row>): Row => ({ workload, variant, target, unit: 'req/s', errors: 0, non2xx: 0, ...fields });

describe('the budget under the bench table', () => {
  const rows = [
    row('W0', 'RS256', 'in-process', { unit: 'signatures/s', rate: 2000, cpuRate: 1000 }),
    row('W1', 'jwt', 'mandate-distributed', { rate: 1200, p99: 50 }),
    row('W1', 'jwt', 'oidc-provider', { rate: 1000, p99: 60 }),
    row('W2', undefined, 'mandate-distributed', { rate: 1600, p99: 15 }),
    row('W2', undefined, 'oidc-provider', { rate: 1000, p99: 40 }),
    row('W3', 'may_act', 'mandate-distributed', { rate: 1499, p99: 12 }),
    row('W3', 'may_act', 'oidc-provider', { rate: 1000, p99: 40 }),
    row('W3', 'policy', 'mandate-distributed', { rate: 900, p99: 18, non2xx: 3 }),
  ];
  const { lines, text } = budget(rows, { connections: 32 }, 2);

  it('judges each row on ratio, tail and errors, and leaves out a row without its comparison', () => {
    expect(lines).toEqual([
      { row: 'W1 jwt', ratio: 1.2, p99: 50, errors: 0, met: false },
      { row: 'W2', ratio: 1.6, p99: 15, errors: 0, met: true },
      { row: 'W3 may_act', ratio: 1.499, p99: 12, errors: 0, met: false },
    ]);
  });

  it("prints Little's law for the tail, a ratio rounded down, and what signing leaves at the bound", () => {
    expect(text[1]).toContain('a p99 under 20 ms needs more than 1600 req/s');
    expect(text.find((l) => l.startsWith('- W3 may_act'))).toContain('1.49× oidc-provider (NOT met)');
    // 1500 req/s at 1000 signatures per CPU-second take 1.5 of 2 cores: 0.5 / 1500 s = 0.33 ms each.
    expect(text.find((l) => l.startsWith('- W1 jwt'))).toContain('signing alone caps it at 2000 req/s here, and at 1500 req/s (1.5× oidc-provider) the signatures leave 0.33 ms');
    expect(text.find((l) => l.startsWith('- W2'))).toBe('- W2: 1.60× oidc-provider (met), p99 15 ms (met), 0 errors (met)');
  });
});

describe('the isolation budget of the R row', () => {
  it('judges p50 and p99 while runaway scripts run against twice their idle values, an idle value under 1 ms counting as 1 ms', () => {
    const { lines, text } = isolationBudget([
      row('R', undefined, 'mandate-distributed', { p50: 2, p99: 9, idleP50: 0, idleP99: 5 }),
      row('R', undefined, 'mandate-embedded', { p50: 3, p99: 40, idleP50: 1, idleP99: 6 }),
      row('R', undefined, 'oidc-provider', { note: 'n/a' }),
    ]);
    expect(lines).toEqual([
      { row: 'R mandate-distributed', p99: 9, errors: 0, met: true },
      { row: 'R mandate-embedded', p99: 40, errors: 0, met: false },
    ]);
    expect(text).toEqual([
      'budget (scripts off the event loop): discovery while runaway scripts run, p50 and p99 within 2× idle',
      '- R mandate-distributed: p50 2 ms (idle 0 ms, met), p99 9 ms (idle 5 ms, met), 0 errors',
      '- R mandate-embedded: p50 3 ms (idle 1 ms, NOT met), p99 40 ms (idle 6 ms, NOT met), 0 errors',
    ]);
  });
});

describe('summarizeProfiles', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-profiles-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url, lineNumber: 9 } });
  const write = (file: string, nodes: ReturnType<typeof frame>[], samples: number[]) =>
    writeFileSync(join(dir, file), JSON.stringify({ nodes, startTime: 1_000_000, samples, timeDeltas: samples.map(() => 100_000) }));

  it('counts self time inside the load window only, by function and by package, and names the process', () => {
    const app = 'file:///repo/dist/apps/token-service/main.js';
    write(
      'a.cpuprofile',
      [frame(1, '(root)', ''), frame(2, '(idle)', ''), frame(3, 'handle', app), frame(4, 'query', '/repo/node_modules/pg/lib/client.js'), frame(5, 'writev', '')],
      // at 1.1, 1.2, ... 1.7 s; the window takes 1.25–1.65 s
      [3, 3, 4, 5, 3, 2, 4],
    );
    write('b.cpuprofile', [frame(1, 'serve', 'file:///repo/tools/bench/oidc-provider-server.mjs')], [1]);
    const [token, oidc] = summarizeProfiles(dir, { from: 1_250_000, to: 1_650_000 });
    expect(token).toMatchObject({ file: 'a.cpuprofile', process: 'token-service', busyMs: 300, idleMs: 100 });
    expect(token.packages).toEqual([
      { name: 'pg', share: 1 / 3 },
      { name: 'native', share: 1 / 3 },
      { name: 'mandate', share: 1 / 3 },
    ]);
    expect(token.functions.map((f) => f.name)).toEqual(['query lib/client.js:10', 'writev native', 'handle token-service/main.js:10']);
    expect(oidc).toMatchObject({ process: 'oidc-provider', busyMs: 0, idleMs: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).summaries).toHaveLength(2);
  });
});
