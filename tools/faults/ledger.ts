/**
 * The ledger of `npm run faults`: every request the load sent (an attempt, with when it was sent
 * and answered) and every write Mandate acknowledged with a 2xx. The final check holds the server
 * to the acknowledged writes only: a write that failed ambiguously (no answer, or a 5xx) may or
 * may not have happened, so it is never counted as lost, and a revocation that failed so leaves
 * its token's state unknown.
 */

export type Operation = 'token' | 'exchange' | 'revocation' | 'registration';

/** One request of the load. Times are ms on one monotonic clock (performance.now()). */
export interface Attempt {
  op: Operation;
  /** The phase it was sent in. */
  phase: string;
  start: number;
  end: number;
  ok: boolean;
  /** The HTTP status; undefined when no answer came (reset, refused, timeout). */
  status?: number;
  /** Why it failed: the OAuth `error`, or the socket error's code. */
  error?: string;
}

/** No answer, or a 5xx: the write may have been done even though it was not acknowledged. */
export const isAmbiguous = (a: Pick<Attempt, 'ok' | 'status'>): boolean => !a.ok && (a.status === undefined || a.status >= 500);

/** An access token Mandate issued (client_credentials or token exchange). */
export interface IssuedToken {
  token: string;
  op: 'token' | 'exchange';
  /** The client that may introspect it (Mandate answers `active: false` to another client). */
  client: string;
  phase: string;
}

/** A registration Mandate acknowledged (201), with what proves it exists afterwards. */
export interface AcknowledgedRegistration {
  key: string;
  clientId: string;
  registrationClientUri: string;
  registrationAccessToken: string;
  phase: string;
}

export class Ledger {
  readonly attempts: Attempt[] = [];
  readonly tokens: IssuedToken[] = [];
  /** Tokens whose revocation was acknowledged (200). */
  readonly revoked = new Set<string>();
  /** Tokens whose revocation was sent but failed ambiguously: active or not, either is right. */
  readonly revocationUnknown = new Set<string>();
  readonly registrations: AcknowledgedRegistration[] = [];
  /** Every Idempotency-Key a registration was sent with, acknowledged or not. */
  readonly registrationKeys = new Set<string>();

  record(attempt: Attempt): Attempt {
    this.attempts.push(attempt);
    return attempt;
  }

  issued(token: IssuedToken): void {
    this.tokens.push(token);
  }

  revocation(token: string, attempt: Pick<Attempt, 'ok' | 'status'>): void {
    if (attempt.ok) {
      this.revoked.add(token);
      this.revocationUnknown.delete(token);
    } else if (isAmbiguous(attempt) && !this.revoked.has(token)) this.revocationUnknown.add(token);
  }

  registered(registration: AcknowledgedRegistration): void {
    this.registrations.push(registration);
  }
}
