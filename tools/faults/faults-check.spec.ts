import { type Observed, type PhaseWindow, QUIET_MS, check, phaseFigures, recovered } from './check';
import { type Attempt, Ledger, isAmbiguous } from './ledger';

const observed = (over: Partial<Observed> = {}): Observed => ({ active: new Map(), exists: new Map(), clientsByKey: new Map(), ...over });
const attempt = (start: number, end: number, ok: boolean, over: Partial<Attempt> = {}): Attempt => ({ op: 'token', phase: 'kill -9 token-service', start, end, ok, status: ok ? 200 : 503, ...over });
const registration = (key: string, clientId: string) => ({ key, clientId, registrationClientUri: `http://x/register?client_id=${clientId}`, registrationAccessToken: 'rat', phase: 'p' });

describe('the final check', () => {
  it('counts an acknowledged token that introspects inactive, never revoked, as lost', () => {
    const ledger = new Ledger();
    ledger.issued({ token: 'kept', op: 'token', client: 'hr-agent', phase: 'baseline' });
    ledger.issued({ token: 'gone', op: 'exchange', client: 'risk-agent', phase: 'kill -9 nats-server' });
    const findings = check(ledger, observed({ active: new Map([['kept', true], ['gone', false]]) }));
    expect(findings.lost).toEqual([{ what: 'exchange', phase: 'kill -9 nats-server', detail: "risk-agent's exchanged token introspects inactive, never revoked" }]);
    expect(findings.resurrected).toEqual([]);
    expect(findings.acknowledged).toEqual({ tokens: 1, exchanges: 1, revocations: 0, registrations: 0 });
  });

  it('counts a token whose revocation was acknowledged and that introspects active as resurrected, and does not call it lost', () => {
    const ledger = new Ledger();
    ledger.issued({ token: 'a', op: 'token', client: 'hr-agent', phase: 'Postgres restart' });
    ledger.issued({ token: 'b', op: 'token', client: 'hr-agent', phase: 'Postgres restart' });
    ledger.revocation('a', { ok: true, status: 200 });
    ledger.revocation('b', { ok: true, status: 200 });
    const findings = check(ledger, observed({ active: new Map([['a', true], ['b', false]]) }));
    expect(findings.resurrected).toHaveLength(1);
    expect(findings.resurrected[0]).toMatchObject({ phase: 'Postgres restart' });
    expect(findings.lost).toEqual([]);
    expect(findings.acknowledged.revocations).toBe(2);
  });

  it('judges neither state of a token whose revocation failed without an answer, but still judges one refused with a 4xx', () => {
    const ledger = new Ledger();
    ledger.issued({ token: 'unknown', op: 'token', client: 'hr-agent', phase: 'p' });
    ledger.issued({ token: 'refused', op: 'token', client: 'hr-agent', phase: 'p' });
    ledger.revocation('unknown', { ok: false, status: undefined });
    ledger.revocation('refused', { ok: false, status: 400 });
    const findings = check(ledger, observed({ active: new Map([['unknown', false], ['refused', false]]) }));
    expect(findings.undetermined).toBe(1);
    expect(findings.lost.map((f) => f.detail)).toEqual(["hr-agent's client_credentials token introspects inactive, never revoked"]);
  });

  it('keeps an acknowledged revocation acknowledged when a later retry of it fails', () => {
    const ledger = new Ledger();
    ledger.issued({ token: 't', op: 'token', client: 'hr-agent', phase: 'p' });
    ledger.revocation('t', { ok: true, status: 200 });
    ledger.revocation('t', { ok: false, status: 503 });
    expect(check(ledger, observed({ active: new Map([['t', true]]) })).resurrected).toHaveLength(1);
  });

  it('counts an acknowledged registration its registration access token no longer finds as lost, and one it cannot ask about as unchecked', () => {
    const ledger = new Ledger();
    ledger.registrationKeys.add('k1').add('k2').add('k3');
    ledger.registered(registration('k1', 'c1'));
    ledger.registered(registration('k2', 'c2'));
    ledger.registered(registration('k3', 'c3'));
    const findings = check(ledger, observed({ exists: new Map<string, boolean | undefined>([['c1', true], ['c2', false], ['c3', undefined]]) }));
    expect(findings.lost.map((f) => f.detail)).toEqual(['client c2 (acknowledged 201) is not found with its registration access token']);
    expect(findings.unchecked).toBe(1);
  });

  it('counts a key the server holds two clients for as a duplicate, even when only one of them was ever acknowledged', () => {
    const ledger = new Ledger();
    ledger.registrationKeys.add('retried').add('once');
    ledger.registered(registration('retried', 'c1'));
    ledger.registered(registration('once', 'c3'));
    const findings = check(
      ledger,
      observed({
        exists: new Map([['c1', true], ['c3', true]]),
        clientsByKey: new Map([['retried', new Set(['c1', 'c2'])], ['once', new Set(['c3'])]]),
      }),
    );
    expect(findings.duplicates).toEqual([{ what: 'registration', phase: 'p', detail: 'Idempotency-Key retried: 2 clients (c1, c2)' }]);
  });

  it('counts a retry acknowledged with another client than the first answer as a duplicate', () => {
    const ledger = new Ledger();
    ledger.registrationKeys.add('k');
    ledger.registered(registration('k', 'c1'));
    ledger.registered(registration('k', 'c2'));
    expect(check(ledger, observed({ exists: new Map([['c1', true], ['c2', true]]) })).duplicates).toHaveLength(1);
  });

  it('does not count a retry answered with the first client as a duplicate', () => {
    const ledger = new Ledger();
    ledger.registrationKeys.add('k');
    ledger.registered(registration('k', 'c1'));
    ledger.registered(registration('k', 'c1'));
    expect(check(ledger, observed({ exists: new Map([['c1', true]]), clientsByKey: new Map([['k', new Set(['c1'])]]) })).duplicates).toEqual([]);
  });
});

describe('an ambiguous failure', () => {
  it('is no answer or a 5xx; a 4xx is a refusal', () => {
    expect(isAmbiguous({ ok: false, status: undefined })).toBe(true);
    expect(isAmbiguous({ ok: false, status: 503 })).toBe(true);
    expect(isAmbiguous({ ok: false, status: 400 })).toBe(false);
    expect(isAmbiguous({ ok: true, status: 200 })).toBe(false);
  });
});

describe('the figures of a phase', () => {
  const window: PhaseWindow = { name: 'kill -9 token-service', start: 0, faultAt: 1_000, backAt: 3_000, end: 8_000 };

  it('measures the requests in flight at the fault from the fault to their answer', () => {
    const figures = phaseFigures(window, [
      attempt(900, 950, true), // answered before the fault
      attempt(990, 1_040, false), // in flight, failed 40 ms after the fault
      attempt(950, 6_000, false, { status: undefined }), // in flight, waited 5 s
      attempt(1_500, 1_510, false),
      attempt(999, 1_300, true, { op: 'registration' }), // in flight, succeeded: not a failure to be told
    ]);
    expect(figures).toMatchObject({ requests: 5, errors: 3, ambiguous: 3, inFlight: 3, inFlightFailed: 2, inFlightMs: 5_000, slowestFailureMs: 5_050 });
  });

  it('leaves the in-flight failure figure out when every request in flight succeeded', () => {
    const figures = phaseFigures(window, [attempt(990, 1_400, true)]);
    expect(figures).toMatchObject({ inFlight: 1, inFlightFailed: 0, inFlightMs: undefined });
  });

  it('counts the failures by operation and answer', () => {
    const figures = phaseFigures(window, [
      attempt(1_100, 1_200, false, { error: 'temporarily_unavailable' }),
      attempt(1_200, 1_300, false, { error: 'temporarily_unavailable' }),
      attempt(1_300, 1_400, false, { op: 'registration', status: undefined, error: 'ECONNRESET' }),
      attempt(1_400, 1_500, false, { op: 'revocation', status: 502, error: '502' }),
    ]);
    expect(figures.errorKinds).toEqual({ 'token 503 temporarily_unavailable': 2, 'registration ECONNRESET': 1, 'revocation 502': 1 });
  });

  it('counts the first success from the process being back, among requests sent after it', () => {
    const figures = phaseFigures(window, [attempt(2_900, 3_100, true), attempt(3_200, 3_450, true)]);
    expect(figures.firstSuccessMs).toBe(450);
  });

  it('measures full recovery to the end of the last failure after the process is back', () => {
    const figures = phaseFigures(window, [attempt(3_000, 3_100, true), attempt(3_500, 4_200, false), attempt(4_300, 4_350, true)]);
    expect(figures.recoveryMs).toBe(1_200);
  });

  it('is not recovered while requests still fail near the phase end, or when nothing succeeded after the last failure', () => {
    expect(phaseFigures(window, [attempt(3_000, 3_100, true), attempt(7_000, 8_000 - QUIET_MS + 1, false), attempt(7_100, 7_200, true)]).recoveryMs).toBeNull();
    expect(phaseFigures(window, [attempt(3_000, 3_100, true), attempt(3_500, 4_000, false)]).recoveryMs).toBeNull();
  });

  it('counts recovery as at least the first success when nothing failed after the process was back', () => {
    expect(phaseFigures(window, [attempt(1_100, 1_200, false), attempt(3_000, 3_300, true)]).recoveryMs).toBe(300);
  });

  it('tells the suite a phase is recovered only once a quiet spell follows the last failure', () => {
    const attempts = [attempt(3_000, 3_100, true), attempt(3_500, 4_000, false), attempt(4_100, 4_200, true)];
    expect(recovered(window, attempts, 4_500)).toBe(false);
    expect(recovered(window, attempts, 4_000 + QUIET_MS)).toBe(true);
  });

  it('leaves the fault figures out of the baseline and counts only its own requests', () => {
    const figures = phaseFigures({ name: 'baseline', start: 0, end: 1_000 }, [attempt(10, 20, true, { phase: 'baseline' }), attempt(30, 40, false, { phase: 'baseline', status: 400 }), attempt(50, 60, true)]);
    expect(figures).toEqual({ phase: 'baseline', requests: 2, errors: 1, ambiguous: 0, inFlight: 0, inFlightFailed: 0, slowestFailureMs: 10, errorKinds: { 'token 400': 1 } });
  });
});
