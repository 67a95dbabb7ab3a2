import type { Findings, PhaseFigures } from './check';
import { RELIABILITY_INTRO, markers, reportLines, verdicts, withFigures } from './report';

const clean: Findings = { lost: [], resurrected: [], duplicates: [], unchecked: 0, undetermined: 0, acknowledged: { tokens: 10, exchanges: 2, revocations: 3, registrations: 4 } };
const baseline: PhaseFigures = { phase: 'baseline', requests: 100, errors: 0, ambiguous: 0, inFlight: 0, inFlightFailed: 0, errorKinds: {} };
const fault = (over: Partial<PhaseFigures>): PhaseFigures => ({ phase: 'kill -9 gateway', requests: 50, errors: 3, ambiguous: 3, inFlight: 2, inFlightFailed: 1, inFlightMs: 5, firstSuccessMs: 20, recoveryMs: 20, errorKinds: { 'token ECONNRESET': 3 }, ...over });

describe('the verdicts', () => {
  it('meets every target on a clean run', () => {
    expect(verdicts(clean, [baseline, fault({})]).every((v) => v.met)).toBe(true);
  });

  it('misses the in-flight target when a request in flight waited longer than 100 ms, naming the phase', () => {
    const [, , , inFlight] = verdicts(clean, [baseline, fault({ phase: 'kill -9 token-service', inFlightMs: 5_001 })]);
    expect(inFlight).toEqual({ target: 'in-flight failures answered ≤ 100 ms after the fault', met: false, detail: 'kill -9 token-service 5001 ms' });
  });

  it('misses the recovery target on a phase that never recovered or took more than 2 s', () => {
    const recovery = verdicts(clean, [fault({ phase: 'a', recoveryMs: null }), fault({ phase: 'b', recoveryMs: 2_001 }), fault({ phase: 'c', recoveryMs: 2_000 })])[4];
    expect(recovery).toEqual({ target: 'recovery ≤ 2 s after the process is back', met: false, detail: 'a not recovered, b 2001 ms' });
  });

  it('misses the lost target on one lost write', () => {
    const lost = verdicts({ ...clean, lost: [{ what: 'token', phase: 'Postgres restart', detail: 'gone' }] }, [])[0];
    expect(lost).toEqual({ target: '0 lost', met: false, detail: '1: Postgres restart: gone' });
  });
});

describe('the report', () => {
  it('prints a row per phase, blank fault columns for the baseline, and the verdicts', () => {
    const lines = reportLines([baseline, fault({ recoveryMs: null })], clean);
    expect(lines[2]).toBe('| baseline | 100 | 0 | 0 |  |  |  |  |  |');
    expect(lines[3]).toBe('| kill -9 gateway | 50 | 3 | 3 | 2 (1) | 5 |  | 20 | not recovered |');
    expect(lines.slice(5, 7)).toEqual(['errors by operation and answer:', '- kill -9 gateway: token ECONNRESET ×3']);
    expect(lines).toContain('- recovery ≤ 2 s after the process is back: NOT met (kill -9 gateway not recovered)');
    expect(lines).toContain('- 0 lost: met (0)');
  });
});

describe('RELIABILITY.md', () => {
  it('appends a mode block the first time and replaces only that block on a rerun', () => {
    const first = withFigures(RELIABILITY_INTRO, 'quick', ['run 1']);
    const full = withFigures(first, 'full', ['full run']);
    const again = withFigures(full, 'quick', ['run 2', 'more']);
    expect(again).toBe(`${RELIABILITY_INTRO}\n${markers('quick').begin}\nrun 2\nmore\n${markers('quick').end}\n\n${markers('full').begin}\nfull run\n${markers('full').end}\n`);
    expect(again.startsWith(RELIABILITY_INTRO)).toBe(true);
  });
});
