import { CORRELATION_HEADER } from '@mandate/contracts';
import type { MsgHdrs } from 'nats';
import { withCorrelationId } from '../logging/correlation';

/** Told of every handled request: its subject, outcome (`ok` or the error code) and duration. */
export type HandledMessageObserver = (subject: string, outcome: string, seconds: number) => void;

/**
 * What both transport servers do around every received request, in the transport itself rather
 * than in Nest interceptors: Nest binds an AsyncResource twice per interceptor and message, which
 * the profile of the token endpoint showed as a measurable share of each request.
 * - the handler runs inside the correlation id the sender put in the headers;
 * - the outcome and duration go to the observer (the metrics).
 */
export class MessageInstrumentation {
  observer?: HandledMessageObserver;

  run<T>(headers: MsgHdrs | undefined, fn: () => T): T {
    const id = headers?.get(CORRELATION_HEADER);
    return withCorrelationId(id || undefined, fn);
  }

  settled(subject: string, started: bigint, err: unknown): void {
    if (!this.observer) return;
    this.observer(subject, err === undefined || err === null ? 'ok' : outcomeOf(err), Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** The error envelope's code (`invalid_grant`, `not_found`), bounded to a label; anything else `server_error`. */
function outcomeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'server_error';
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 64);
}
