/**
 * Why a script run failed. `timeout`: the deadline passed; `memory`: the heap or stack limit
 * was hit; `syntax`: the source does not compile; `error`: the script threw (or the sandbox or
 * its worker failed); `busy`: no script worker became free within the queue deadline.
 */
export type ScriptErrorKind = 'timeout' | 'memory' | 'error' | 'syntax' | 'busy';

/**
 * The one error a script run rejects with. The message is built from data only (limits, the
 * guest error's name/message/line), never from a host stack, so it is safe to log. Callers turn
 * it into OAuth `server_error` (see `scriptServerError`).
 */
export class ScriptError extends Error {
  constructor(
    readonly kind: ScriptErrorKind,
    message: string,
    /** 1-based line in the script source, when the guest reported one. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}
