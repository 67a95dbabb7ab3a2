import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ScriptError } from '../script-error';
import { resolveScriptLimits, type ResolvedScriptLimits, type ScriptLimits } from '../script-limits';
import { resolveScriptPoolOptions, type ResolvedScriptPoolOptions, type ScriptPoolOptions } from './script-pool-options';
import type { ScriptTaskMessage, ScriptTaskName, ScriptTasks, ScriptWorkerMessage } from './script-task';

/**
 * How long past a run's own time limit the parent waits before it terminates the worker. The
 * interrupt handler inside QuickJS normally answers first; the kill covers what it cannot reach
 * (a long native call inside the engine, a wedged WebAssembly instance).
 */
export const KILL_GRACE_MS = 100;

/** Bounds the worker's own native stack and young generation; the old generation is an option. */
const WORKER_STACK_MB = 4;
const WORKER_YOUNG_GENERATION_MB = 16;

interface Job {
  id: number;
  message: ScriptTaskMessage;
  resolve: (result: unknown) => void;
  reject: (error: ScriptError) => void;
  queueTimer?: NodeJS.Timeout;
}

interface PoolWorker {
  thread: Worker;
  ready: boolean;
  job?: Job;
  killTimer?: NodeJS.Timeout;
  /** Set once the pool gave up on the thread: its later events are ignored. */
  retired: boolean;
  /** Whether the worker ever reported ready. */
  readied: boolean;
  /** Settles when the worker is ready or gone. */
  started: Promise<void>;
  markStarted: () => void;
  exited: Promise<void>;
}

/** What the pool holds right now, and the most it ever held (tests assert the bound). */
export interface ScriptPoolStats {
  /** Threads alive: started and not yet exited (a terminated thread counts until it has exited). */
  threads: number;
  busy: number;
  queued: number;
  peakThreads: number;
  peakBusy: number;
  /** Threads the pool terminated or lost (time-outs, memory, crashes) and replaced. */
  replaced: number;
}

/**
 * The worker script next to the bundle (webpack builds `script-worker.js` into every app that
 * runs scripts), else this source tree's TypeScript entry, run through @swc-node/register.
 */
export interface ScriptWorkerEntry {
  file: string;
  execArgv: string[];
}

function workerEntry(): ScriptWorkerEntry {
  const bundled = join(__dirname, 'script-worker.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: join(__dirname, 'script.worker.ts'), execArgv: ['--require', '@swc-node/register'] };
}

/**
 * A bounded pool of worker threads that run scripts off the caller's event loop. Each worker
 * has its own QuickJS engine and a V8 heap cap; each run has QuickJS's heap limit and a
 * deadline that the parent enforces by terminating the worker. A full pool queues a run until
 * its queue deadline. Every failure (time-out, memory, a crashed worker, a full queue) rejects
 * with `ScriptError`, and a worker that failed is replaced before the next run.
 */
export class ScriptPool {
  readonly options: ResolvedScriptPoolOptions;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private threads = 0;
  private starting = 0;
  private nextId = 1;
  private closed = false;
  private readonly peaks = { threads: 0, busy: 0, replaced: 0 };

  /** `entry` replaces the worker script (the pool's own tests start misbehaving workers). */
  constructor(
    options: ScriptPoolOptions = {},
    private readonly entry: ScriptWorkerEntry = workerEntry(),
  ) {
    this.options = resolveScriptPoolOptions(options);
  }

  async run<T extends ScriptTaskName>(task: T, source: string, input: ScriptTasks[T]['input'], limits?: ScriptLimits): Promise<ScriptTasks[T]['result']> {
    const resolved: ResolvedScriptLimits = resolveScriptLimits(limits);
    // The host copies what the guest hands over (strings, JSON): a copy larger than the worker's
    // whole heap would abort the process instead of ending the worker, so the heap keeps room for four.
    if (resolved.memoryBytes * 4 > this.options.workerHeapMb * 1024 * 1024) {
      throw new RangeError(`Script limit memoryBytes must be at most a quarter of the worker heap (${this.options.workerHeapMb} MiB), got ${resolved.memoryBytes}`);
    }
    if (this.closed) throw new ScriptError('busy', 'The script pool is closed');
    return new Promise<unknown>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = { id, message: { id, task, source, input, limits: resolved }, resolve, reject };
      job.queueTimer = setTimeout(() => this.expire(job), this.options.queueTimeoutMs);
      this.queue.push(job);
      this.dispatch();
    }) as Promise<ScriptTasks[T]['result']>;
  }

  /**
   * Starts every worker now (at boot) rather than on the first runs; resolves once they are
   * ready, and rejects if one could not start (a bundle without its `script-worker.js`).
   */
  async start(): Promise<void> {
    await Promise.all([...this.workers].filter((worker) => worker.retired).map((worker) => worker.exited));
    while (!this.closed && this.threads < this.options.size) this.spawn();
    const workers = [...this.workers];
    await Promise.all(workers.map((worker) => worker.started));
    if (workers.some((worker) => !worker.readied)) throw new Error('The script pool could not start its workers');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): ScriptPoolStats {
    const busy = [...this.workers].filter((w) => w.job).length;
    return { threads: this.threads, busy, queued: this.queue.length, peakThreads: this.peaks.threads, peakBusy: this.peaks.busy, replaced: this.peaks.replaced };
  }

  /** Fails what is queued or running, and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new ScriptError('busy', 'The script pool is closed'));
    const exits = [...this.workers].map((worker) => {
      if (worker.job) this.settle(worker.job, new ScriptError('error', 'The script pool is closed'));
      return this.retire(worker);
    });
    await Promise.all(exits);
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = [...this.workers].find((w) => w.ready && !w.job && !w.retired);
      if (!idle) break;
      this.assign(idle, this.queue.shift() as Job);
    }
    // Start threads for what still waits, never beyond the pool's size (exiting threads count).
    const waiting = this.queue.length - this.starting;
    for (let i = 0; i < waiting && this.threads < this.options.size; i++) this.spawn();
  }

  private assign(worker: PoolWorker, job: Job): void {
    clearTimeout(job.queueTimer);
    worker.job = job;
    this.peaks.busy = Math.max(this.peaks.busy, this.stats().busy);
    worker.killTimer = setTimeout(() => {
      this.fail(worker, new ScriptError('timeout', `The script exceeded its ${job.message.limits.timeoutMs} ms time limit`));
    }, job.message.limits.timeoutMs + KILL_GRACE_MS);
    worker.thread.postMessage(job.message);
  }

  private spawn(): void {
    const { file, execArgv } = this.entry;
    const thread = new Worker(file, {
      execArgv,
      // The backstop behind QuickJS's per-run heap limit; exceeding it ends the thread (ERR_WORKER_OUT_OF_MEMORY).
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, stackSizeMb: WORKER_STACK_MB },
      stdout: false,
      stderr: false,
    });
    // An idle worker does not keep the process alive; a run in flight does, through its timer.
    thread.unref();
    let markStarted = () => undefined as void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    const worker: PoolWorker = { thread, ready: false, readied: false, retired: false, started, markStarted, exited };
    this.workers.add(worker);
    this.threads++;
    this.starting++;
    this.peaks.threads = Math.max(this.peaks.threads, this.threads);
    thread.on('message', (message: ScriptWorkerMessage) => this.onMessage(worker, message));
    thread.on('error', (error: Error & { code?: string }) => {
      const kind = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error';
      this.fail(worker, new ScriptError(kind, kind === 'memory' ? 'The script worker ran out of memory' : 'The script worker failed'));
    });
    thread.on('exit', () => {
      this.threads--;
      if (!worker.ready) this.starting--;
      worker.ready = true; // counted once
      worker.markStarted();
      this.workers.delete(worker);
      if (!worker.retired) this.fail(worker, new ScriptError('error', 'The script worker stopped'));
      if (this.closed) return;
      // The replacement: started now (not on the next run) so that the next run finds it warm.
      if (worker.readied && this.threads < this.options.size) this.spawn();
      this.dispatch();
    });
  }

  private onMessage(worker: PoolWorker, message: ScriptWorkerMessage): void {
    if (worker.retired) return;
    if (message.type === 'ready') {
      worker.ready = true;
      worker.readied = true;
      this.starting--;
      worker.markStarted();
      this.dispatch();
      return;
    }
    const job = worker.job;
    if (!job || job.id !== message.id) return;
    clearTimeout(worker.killTimer);
    worker.job = undefined;
    if (message.type === 'done') this.settle(job, undefined, message.result);
    else this.settle(job, new ScriptError(message.error.kind, message.error.message, message.error.line));
    this.dispatch();
  }

  /** A worker's run failed from outside (deadline, crash, memory): answer the run, drop the worker, start another. */
  private fail(worker: PoolWorker, error: ScriptError): void {
    if (worker.retired) return;
    const job = worker.job;
    worker.job = undefined;
    if (job) this.settle(job, error);
    this.peaks.replaced++;
    // A worker that could not even start: fail what waits rather than start threads in a loop.
    if (!worker.ready && !job) for (const waiting of this.queue.splice(0)) this.settle(waiting, new ScriptError('error', 'The script worker could not start'));
    // The replacement starts once this thread has exited ('exit'), so the pool never exceeds its size.
    void this.retire(worker);
  }

  private async retire(worker: PoolWorker): Promise<void> {
    worker.retired = true;
    clearTimeout(worker.killTimer);
    await worker.thread.terminate();
  }

  private expire(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    this.settle(job, new ScriptError('busy', `No script worker became free within ${this.options.queueTimeoutMs} ms`));
  }

  private settle(job: Job, error?: ScriptError, result?: unknown): void {
    clearTimeout(job.queueTimer);
    if (error) job.reject(error);
    else job.resolve(result);
  }
}
