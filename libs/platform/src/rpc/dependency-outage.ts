import { ServiceUnavailableError } from './rpc.client';

/** Node's socket errors: the peer (Postgres, a service) is gone, refusing, or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * PostgreSQL SQLSTATEs that mean "the server is not there for you right now" (Appendix A):
 * class 08 connection exceptions, 53300 too_many_connections, 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down).
 */
const PG_UNAVAILABLE = /^(08...|53300|57P0[123])$/;
/** node-postgres and TypeORM say it in words only (no code) for a dropped or exhausted connection. */
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Driver not Connected/i];

/**
 * Whether an error is a dependency outage (Postgres or another service unreachable) rather
 * than a fault of this request or of Mandate: such errors answer 503 with Retry-After, not 500.
 * TypeORM wraps the driver's error (`driverError`), and errors may carry a `cause`, so both are followed.
 */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  if (error instanceof ServiceUnavailableError) return true;
  const { code, message, driverError, cause } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_UNAVAILABLE.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDependencyOutage(e, depth + 1))) return true;
  return isDependencyOutage(driverError, depth + 1) || isDependencyOutage(cause, depth + 1);
}
