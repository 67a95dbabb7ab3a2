import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Findings, PhaseFigures } from './check';

/** Issue 25's targets for the fault suite. */
export const TARGETS = { lost: 0, resurrected: 0, duplicates: 0, inFlightMs: 100, recoveryMs: 2_000 } as const;

export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

/** Each target, met or not, with the phases that missed it. */
export function verdicts(findings: Findings, phases: PhaseFigures[]): Verdict[] {
  const count = (what: string, list: Findings['lost'], bound: number): Verdict => ({
    target: `${bound} ${what}`,
    met: list.length <= bound,
    detail: `${list.length}${list.length ? `: ${list.slice(0, 3).map((f) => `${f.phase}: ${f.detail}`).join('; ')}${list.length > 3 ? '; …' : ''}` : ''}`,
  });
  const faulted = phases.filter((p) => p.recoveryMs !== undefined);
  const slowInFlight = faulted.filter((p) => (p.inFlightMs ?? 0) > TARGETS.inFlightMs);
  const slowRecovery = faulted.filter((p) => p.recoveryMs === null || (p.recoveryMs ?? 0) > TARGETS.recoveryMs);
  const worst = (list: PhaseFigures[], figure: (p: PhaseFigures) => string) => (list.length ? list.map((p) => `${p.phase} ${figure(p)}`).join(', ') : 'every phase');
  return [
    count('lost', findings.lost, TARGETS.lost),
    count('resurrected', findings.resurrected, TARGETS.resurrected),
    count('duplicates', findings.duplicates, TARGETS.duplicates),
    { target: `in-flight failures answered ≤ ${TARGETS.inFlightMs} ms after the fault`, met: !slowInFlight.length, detail: worst(slowInFlight, (p) => `${p.inFlightMs} ms`) },
    { target: `recovery ≤ ${TARGETS.recoveryMs / 1000} s after the process is back`, met: !slowRecovery.length, detail: worst(slowRecovery, (p) => (p.recoveryMs === null ? 'not recovered' : `${p.recoveryMs} ms`)) },
  ];
}

const ms = (value: number | null | undefined) => (value === undefined ? '' : value === null ? 'not recovered' : String(value));

/** The per-phase table, then the check's totals and the targets, as markdown lines. */
export function reportLines(phases: PhaseFigures[], findings: Findings): string[] {
  const a = findings.acknowledged;
  return [
    '| phase | requests | errors | ambiguous | in flight at the fault (failed) | their failure answered after the fault ms | slowest failure ms | first success after back ms | full recovery after back ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...phases.map((p) => `| ${p.phase} | ${p.requests} | ${p.errors} | ${p.ambiguous} | ${p.recoveryMs === undefined ? '' : `${p.inFlight} (${p.inFlightFailed})`} | ${ms(p.inFlightMs)} | ${ms(p.slowestFailureMs)} | ${ms(p.firstSuccessMs)} | ${ms(p.recoveryMs)} |`),
    '',
    'errors by operation and answer:',
    ...phases.filter((p) => p.errors).map((p) => `- ${p.phase}: ${Object.entries(p.errorKinds).sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${kind} ×${n}`).join(', ')}`),
    '',
    `acknowledged: ${a.tokens} tokens, ${a.exchanges} exchanges, ${a.revocations} revocations, ${a.registrations} registrations; ${findings.undetermined} tokens with an unanswered revocation (not judged); ${findings.unchecked} writes the check got no answer for`,
    ...verdicts(findings, phases).map((v) => `- ${v.target}: ${v.met ? 'met' : 'NOT met'} (${v.detail})`),
  ];
}

export const markers = (mode: string) => ({ begin: `<!-- faults:${mode}:begin -->`, end: `<!-- faults:${mode}:end -->` });

/** The document with `block` between the mode's markers: replaced when they are there, appended when not. */
export function withFigures(document: string, mode: string, block: string[]): string {
  const { begin, end } = markers(mode);
  const section = `${begin}\n${block.join('\n')}\n${end}`;
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from >= 0 && to > from) return `${document.slice(0, from)}${section}${document.slice(to + end.length)}`;
  return `${document.replace(/\n*$/, '\n\n')}${section}\n`;
}

/** What RELIABILITY.md says when the fault suite first writes it. */
export const RELIABILITY_INTRO = `# Reliability

\`npm run faults\` builds the services and the gateway, starts the distributed stack (each service
and the gateway in its own process, nats-server with TLS and nkeys, Postgres) and runs a bounded
load through one fault per phase: kill -9 of each service and of the gateway, kill -9 of
nats-server, a Postgres restart, a SIGTERM drain of a service. Each process is started again
after a short outage, as compose's \`restart:\` would. The load issues client_credentials tokens,
revocations, token exchanges and registrations (with an Idempotency-Key, retried with the same key
when a try fails without an answer or with a 5xx) and keeps a ledger of every write Mandate
acknowledged. At the end every acknowledged token must introspect active unless revoked, every
acknowledged revocation inactive, every acknowledged registration must be found with its
registration access token, and no key may have made more than one client.

Targets: 0 lost, 0 resurrected, 0 duplicates; requests in flight when the fault hits that fail
told so within ${TARGETS.inFlightMs} ms; every request succeeding again within ${TARGETS.recoveryMs / 1000} s of the dead process being back.

The figures below are written by the suite itself (\`npm run faults\` and \`npm run faults -- --quick\`);
a rerun replaces its mode's block.
`;

/** Writes the run's block into RELIABILITY.md (created with its introduction when missing). */
export function writeReliability(path: string, mode: string, block: string[]): void {
  const document = existsSync(path) ? readFileSync(path, 'utf8') : RELIABILITY_INTRO;
  writeFileSync(path, withFigures(document, mode, block));
}
