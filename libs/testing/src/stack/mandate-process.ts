import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { OutputTail, exited, terminate } from '../infra/process-util';

/**
 * MANDATE_NODE_ARGS: extra node flags for every process the harness or the bench starts, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile under load (Node refuses --cpu-prof in
 * NODE_OPTIONS).
 */
export function extraNodeArgs(): string[] {
  return (process.env.MANDATE_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** One Mandate app (a service, the gateway or the standalone launcher) as a child process. */
export class MandateProcess {
  private child?: ChildProcess;
  readonly output = new OutputTail(64 * 1024);
  private echo?: (line: string) => void;
  private restartDelayMs?: number;
  private stopping = false;
  /** Restarts after an exit nobody asked for (see keepRunning). */
  restarts = 0;

  constructor(
    readonly app: string,
    private readonly dist: string,
    private env: Record<string, string>,
    /** Where its readiness is probed (`http://127.0.0.1:<port>/health/ready`). */
    readonly healthUrl?: string,
  ) {}

  /** `http://127.0.0.1:<port>`: where the app's own HTTP listener is (a service's HEALTH_PORT: /health/*, /metrics). */
  get origin(): string | undefined {
    return this.healthUrl ? new URL(this.healthUrl).origin : undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Also writes each line the process prints, prefixed with its name (`npm run start:cluster`). */
  printLines(write: (line: string) => void): this {
    this.echo = write;
    return this;
  }

  /** Starts it again `delayMs` after it exits by itself, as compose's `restart: unless-stopped` does. */
  keepRunning(delayMs = 1_000): this {
    this.restartDelayMs = delayMs;
    return this;
  }

  start(extraEnv: Record<string, string> = {}): void {
    if (this.running) throw new Error(`${this.app} is already running`);
    this.stopping = false;
    this.env = { ...this.env, ...extraEnv };
    const child = spawn(process.execPath, [...extraNodeArgs(), join(this.dist, this.app, 'main.js')], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        this.output.push(chunk);
        if (!this.echo) return;
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.echo(`[${this.app}] ${line}`);
      });
    }
    child.once('exit', (code, signal) => {
      if (this.stopping || this.restartDelayMs === undefined) return;
      this.echo?.(`[${this.app}] exited (${signal ?? `code ${code}`}); restarting in ${this.restartDelayMs} ms`);
      setTimeout(() => {
        if (this.stopping || this.running) return;
        this.restarts++;
        this.start();
      }, this.restartDelayMs).unref();
    });
  }

  /** Polls the health URL until it answers 200, or fails with the process's output. */
  async waitReady(timeoutMs = 30_000): Promise<void> {
    if (!this.healthUrl) return;
    const until = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < until) {
      if (!this.running) throw new Error(`${this.app} exited before it was ready (code ${this.child?.exitCode}). Output:\n${this.output}`);
      try {
        const res = await fetch(this.healthUrl, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
        last = `${res.status} ${await res.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.app} was not ready within ${timeoutMs} ms (last: ${last}). Output:\n${this.output}`);
  }

  /** Graceful stop (SIGTERM), SIGKILL after 10 s. Resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.stopping = true;
    if (!this.child) return null;
    await terminate(this.child, signal);
    return this.child.exitCode;
  }

  /** Waits for the process to exit by itself (a failed start). */
  async exit(): Promise<number | null> {
    if (!this.child) return null;
    await exited(this.child);
    return this.child.exitCode;
  }
}
