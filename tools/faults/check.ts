/**
 * The final check of `npm run faults`, as pure functions of the ledger and of what the server
 * answered afterwards: what was lost, what came back from revocation, what a retried
 * registration duplicated; and, per phase, the errors and how fast they came and went.
 */
import { type Attempt, isAmbiguous, type Ledger } from './ledger';

/** What the server answered after the load, for each write of the ledger. */
export interface Observed {
  /** Introspection's `active` per token; undefined when introspection itself got no answer. */
  active: Map<string, boolean | undefined>;
  /** Per registered client_id: whether GET with its registration access token found it (undefined: no answer). */
  exists: Map<string, boolean | undefined>;
  /** The clients the server holds per Idempotency-Key (each registration is named after its key). */
  clientsByKey: Map<string, Set<string>>;
}

export interface Finding {
  what: string;
  phase: string;
  detail: string;
}

export interface Findings {
  /** Acknowledged writes the server no longer has: a token inactive though never revoked, a registration gone. */
  lost: Finding[];
  /** Acknowledged revocations whose token introspects active again. */
  resurrected: Finding[];
  /** Idempotency-Keys the server holds more than one client for. */
  duplicates: Finding[];
  /** Writes the check could not decide (the check's own request got no answer). */
  unchecked: number;
  /** Tokens whose revocation failed ambiguously: either state is right, so they are not judged. */
  undetermined: number;
  acknowledged: { tokens: number; exchanges: number; revocations: number; registrations: number };
}

export function check(ledger: Ledger, observed: Observed): Findings {
  const findings: Findings = {
    lost: [],
    resurrected: [],
    duplicates: [],
    unchecked: 0,
    undetermined: 0,
    acknowledged: {
      tokens: ledger.tokens.filter((t) => t.op === 'token').length,
      exchanges: ledger.tokens.filter((t) => t.op === 'exchange').length,
      revocations: ledger.revoked.size,
      registrations: ledger.registrations.length,
    },
  };
  const phaseOf = new Map(ledger.tokens.map((t) => [t.token, t.phase]));
  for (const issued of ledger.tokens) {
    if (ledger.revoked.has(issued.token)) continue; // judged below, as a revocation
    if (ledger.revocationUnknown.has(issued.token)) {
      findings.undetermined++;
      continue;
    }
    const active = observed.active.get(issued.token);
    if (active === undefined) findings.unchecked++;
    else if (!active) findings.lost.push({ what: issued.op, phase: issued.phase, detail: `${issued.client}'s ${issued.op === 'token' ? 'client_credentials' : 'exchanged'} token introspects inactive, never revoked` });
  }
  for (const token of ledger.revoked) {
    const active = observed.active.get(token);
    if (active === undefined) findings.unchecked++;
    else if (active) findings.resurrected.push({ what: 'revocation', phase: phaseOf.get(token) ?? '?', detail: 'a token whose revocation was acknowledged introspects active' });
  }
  const acknowledgedByKey = new Map<string, Set<string>>();
  for (const registration of ledger.registrations) {
    const exists = observed.exists.get(registration.clientId);
    if (exists === undefined) findings.unchecked++;
    else if (!exists) findings.lost.push({ what: 'registration', phase: registration.phase, detail: `client ${registration.clientId} (acknowledged 201) is not found with its registration access token` });
    const ids = acknowledgedByKey.get(registration.key) ?? new Set<string>();
    acknowledgedByKey.set(registration.key, ids.add(registration.clientId));
  }
  const phaseOfKey = new Map(ledger.registrations.map((r) => [r.key, r.phase]));
  for (const key of ledger.registrationKeys) {
    // A retry answered with another client, or a client the server made for an answer that never came.
    const clients = new Set([...(acknowledgedByKey.get(key) ?? []), ...(observed.clientsByKey.get(key) ?? [])]);
    if (clients.size > 1) findings.duplicates.push({ what: 'registration', phase: phaseOfKey.get(key) ?? '?', detail: `Idempotency-Key ${key}: ${clients.size} clients (${[...clients].join(', ')})` });
  }
  return findings;
}

/** One phase on the load's clock: when it began, when the fault hit, when the dead process was back, when it ended. */
export interface PhaseWindow {
  name: string;
  start: number;
  /** Undefined for the baseline. */
  faultAt?: number;
  /** When the process killed (or stopped) was running and ready again. */
  backAt?: number;
  end: number;
}

export interface PhaseFigures {
  phase: string;
  requests: number;
  errors: number;
  /** Errors that left a write's outcome unknown (no answer, 5xx). */
  ambiguous: number;
  /** Requests in flight when the fault hit. */
  inFlight: number;
  /** Those of them that failed. */
  inFlightFailed: number;
  /** The longest a failed one of them waited for its answer after the fault, ms: how fast a fault is told. */
  inFlightMs?: number;
  /** The slowest failed answer of the phase, from its send, ms: what a caller waits to learn it failed. */
  slowestFailureMs?: number;
  /** From the process being back to the first success of a request sent after it, ms. */
  firstSuccessMs?: number;
  /** From the process being back until every request succeeds, ms; null when that never happened within the phase. */
  recoveryMs?: number | null;
  /** The failures by operation and answer (`token 503 temporarily_unavailable`, `registration ECONNRESET`). */
  errorKinds: Record<string, number>;
}

/** A phase counts as recovered only when the last failure ends this long before the phase does, with a success after it. */
export const QUIET_MS = 1_000;

const round = (ms: number) => Math.round(ms);

export function errorKinds(failures: Attempt[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const a of failures) {
    const kind = [a.op, a.status, a.status === undefined || String(a.status) !== a.error ? a.error : undefined].filter((part) => part !== undefined).join(' ');
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

/** Whether the phase has recovered by `now`: what the suite waits for before it ends a phase. */
export const recovered = (window: PhaseWindow, attempts: Attempt[], now: number) => phaseFigures({ ...window, end: now }, attempts).recoveryMs !== null;

export function phaseFigures(window: PhaseWindow, attempts: Attempt[]): PhaseFigures {
  const mine = attempts.filter((a) => a.phase === window.name);
  const failures = mine.filter((a) => !a.ok);
  const figures: PhaseFigures = {
    phase: window.name,
    requests: mine.length,
    errors: failures.length,
    ambiguous: failures.filter(isAmbiguous).length,
    inFlight: 0,
    inFlightFailed: 0,
    slowestFailureMs: failures.length ? round(Math.max(...failures.map((a) => a.end - a.start))) : undefined,
    errorKinds: errorKinds(failures),
  };
  const { faultAt, backAt } = window;
  if (faultAt !== undefined) {
    const inFlight = attempts.filter((a) => a.start < faultAt && a.end > faultAt);
    const failed = inFlight.filter((a) => !a.ok);
    figures.inFlight = inFlight.length;
    figures.inFlightFailed = failed.length;
    figures.inFlightMs = failed.length ? round(Math.max(...failed.map((a) => a.end - faultAt))) : undefined;
  }
  if (backAt !== undefined) {
    const firstSuccess = Math.min(...mine.filter((a) => a.ok && a.start >= backAt).map((a) => a.end));
    figures.firstSuccessMs = Number.isFinite(firstSuccess) ? round(firstSuccess - backAt) : undefined;
    const lastFailure = Math.max(backAt, ...failures.map((a) => a.end));
    const successAfter = mine.some((a) => a.ok && a.start >= lastFailure);
    const recovered = successAfter && lastFailure <= window.end - QUIET_MS && figures.firstSuccessMs !== undefined;
    figures.recoveryMs = recovered ? round(Math.max(lastFailure - backAt, figures.firstSuccessMs ?? 0)) : null;
  }
  return figures;
}
