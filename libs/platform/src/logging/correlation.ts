import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationStore {
  correlationId: string;
  /** When the caller of the request being handled stops waiting (`performance.now()` ms); none for HTTP. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<CorrelationStore>();

/**
 * Runs `fn` with a correlation id that every log line and every outgoing NATS message carries,
 * and, for a request received over the bus, the caller's remaining budget in ms: the calls `fn`
 * makes wait no longer than the caller does.
 */
export function withCorrelationId<T>(correlationId: string | undefined, fn: () => T, budgetMs?: number): T {
  const store: CorrelationStore = { correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID() };
  if (budgetMs !== undefined) store.deadline = performance.now() + budgetMs;
  return storage.run(store, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Milliseconds until the caller of the request being handled gives up; undefined outside one. */
export function remainingBudgetMs(): number | undefined {
  const deadline = storage.getStore()?.deadline;
  return deadline === undefined ? undefined : deadline - performance.now();
}

/** Accepts a caller's id only if it is short and plain, so that logs cannot be forged through it. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}

/** A budget header's value: whole milliseconds, 0 to a day; anything else is ignored (no deadline). */
export function parseBudgetMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,8}$/.test(value)) return undefined;
  const ms = Number(value);
  return ms <= 86_400_000 ? ms : undefined;
}
