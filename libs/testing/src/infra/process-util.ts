import type { ChildProcess } from 'node:child_process';

/** Keeps the last `max` characters of a stream so errors can show what a server printed. */
export class OutputTail {
  private text = '';
  constructor(private readonly max = 8192) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  includes(needle: string): boolean {
    return this.text.includes(needle);
  }
  toString(): string {
    return this.text;
  }
}

/** Resolves once the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends `signal`, waits for exit, and escalates to SIGKILL after `killAfterMs`. */
export async function terminate(child: ChildProcess, signal: NodeJS.Signals, killAfterMs = 10_000): Promise<void> {
  const done = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const escalated = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, killAfterMs);
  });
  await Promise.race([done, escalated]);
  clearTimeout(timer);
  await done;
}

/**
 * Waits until the child prints `marker` on stdout/stderr. Rejects if it exits first, fails to spawn,
 * or stays silent for `timeoutMs` (then it is killed). Output keeps being drained into `tail` afterwards,
 * so a chatty server can never block on a full pipe.
 */
export function waitForOutput(
  child: ChildProcess,
  marker: string,
  timeoutMs: number,
  tail: OutputTail,
  what: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      tail.push(chunk);
      if (!settled && tail.includes(marker)) settle();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      settle(new Error(`${what} exited before it was ready (code ${code}, signal ${signal}). Output:\n${tail}`));
    const onError = (err: Error): void => settle(new Error(`${what} failed to start: ${err.message}\n${tail}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new Error(`${what} was not ready within ${timeoutMs} ms (waiting for "${marker}"). Output:\n${tail}`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
