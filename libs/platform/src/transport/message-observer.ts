import { CORRELATION_HEADER, DEADLINE_HEADER } from '@mandate/contracts';
import type { Span, Tracer } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';
import { parseBudgetMs, remainingBudgetMs, withCorrelationId } from '../logging/correlation';
import { currentSpan, endRpcSpan, runInRpcServerSpan } from '../tracing/spans';

/** Told of every handled request: its subject, outcome (`ok` or the error code) and duration. */
export type HandledMessageObserver = (subject: string, outcome: string, seconds: number) => void;

/**
 * What both transport servers do around every received request, in the transport itself rather
 * than in Nest interceptors: Nest binds an AsyncResource twice per interceptor and message, which
 * the profile of the token endpoint showed as a measurable share of each request.
 * - the handler runs inside the correlation id the sender put in the headers, and a request
 *   within the time its sender will still wait (the budget header), which its own calls inherit;
 * - the outcome and duration go to the observer (the metrics);
 * - with tracing on (`tracer` set), a request (`subject` given) runs in a SERVER span, child of the
 *   sender's span from the W3C headers, ended by `settled`. Off, none of that runs or allocates.
 */
export class MessageInstrumentation {
  observer?: HandledMessageObserver;
  tracer?: Tracer;
  /** The app, stamped on its spans (the embedded mode runs every app in one process). */
  service = '';

  run<T>(headers: MsgHdrs | undefined, fn: () => T, subject?: string): T {
    const id = headers?.get(CORRELATION_HEADER) || undefined;
    const budget = subject === undefined ? undefined : parseBudgetMs(headers?.get(DEADLINE_HEADER) || undefined);
    const tracer = this.tracer;
    if (tracer === undefined || subject === undefined) return withCorrelationId(id, fn, budget);
    return withCorrelationId(id, () => runInRpcServerSpan(tracer, this.service, subject, headers, fn), budget);
  }

  /** Inside `run`: the request's span, to hand to `settled` (undefined when tracing is off). */
  span(): Span | undefined {
    return this.tracer === undefined ? undefined : currentSpan();
  }

  /** A request dropped unhandled because its caller had given up: counted, not answered. */
  dropped(subject: string): undefined {
    this.observer?.(subject, 'caller_gave_up', 0);
    return undefined;
  }

  settled(subject: string, started: bigint, err: unknown, span?: Span): void {
    if (!this.observer && !span) return;
    const outcome = err === undefined || err === null ? 'ok' : outcomeOf(err);
    if (span) endRpcSpan(span, outcome);
    this.observer?.(subject, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** The error envelope's code (`invalid_grant`, `not_found`), bounded to a label; anything else `server_error`. */
function outcomeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'server_error';
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 64);
}

/** Inside `run`: whether the sender of the request being handled has stopped waiting for it. */
export function callerGaveUp(): boolean {
  const remaining = remainingBudgetMs();
  return remaining !== undefined && remaining <= 0;
}
