import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_000_MAY_ACT_NEXT_GEN } from '../seed-scripts';
import { ScriptError } from '../script-error';
import { resolveScriptPoolOptions } from './script-pool-options';
import { closeScriptPool, configureScriptPool, scriptPool } from './default-pool';
import { ScriptPool } from './script-pool';

const input = { clientProperties: { clientId: 'hr-agent' } };
const expected = { client_id: 'hr-agent', sub: '(age!hr-agent)' };
const MEMORY_BOMB = 'var a=[];while(true){a.push(new Array(100000).join("x"))}';
const misbehaving = { file: join(__dirname, 'fixtures', 'misbehaving.worker.ts'), execArgv: ['--require', '@swc-node/register'] };

async function failure(run: Promise<unknown>): Promise<ScriptError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScriptError);
  return error as ScriptError;
}

describe('ScriptPool with the QuickJS worker', () => {
  jest.setTimeout(60_000);
  const pool = new ScriptPool({ size: 2, queueTimeoutMs: 60_000 });
  beforeAll(() => pool.start());
  afterAll(() => pool.close());

  it('runs a may-act script in a worker and returns its result', async () => {
    await expect(pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input)).resolves.toEqual({ mayAct: expected, logs: [] });
  });

  it('stops a runaway while(true){} script, and the next script runs fine', async () => {
    const error = await failure(pool.run('may-act', 'while (true) {}', input, { timeoutMs: 200 }));
    expect(error).toMatchObject({ kind: 'timeout', message: 'The script exceeded its 200 ms time limit' });
    await expect(pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input)).resolves.toMatchObject({ mayAct: expected });
  });

  it('stops the memory bomb of joined arrays, and the next script runs fine', async () => {
    const error = await failure(pool.run('may-act', MEMORY_BOMB, input));
    expect(['timeout', 'memory']).toContain(error.kind);
    await expect(pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input)).resolves.toMatchObject({ mayAct: expected });
  });

  it('stops 16 concurrent runaways with no more than its size running, then serves a normal script', async () => {
    const runaways = Array.from({ length: 16 }, (_, i) => failure(pool.run('may-act', i % 2 ? 'while (true) {}' : MEMORY_BOMB, input, { timeoutMs: 200 })));
    const errors = await Promise.all(runaways);
    // Each is stopped (the interrupt handler, the heap limit or the kill); none waited out the queue.
    errors.forEach((error) => expect(['timeout', 'memory', 'error']).toContain(error.kind));
    await expect(pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input)).resolves.toMatchObject({ mayAct: expected });
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0 });
    expect(pool.stats().peakThreads).toBeLessThanOrEqual(2);
    expect(pool.stats().peakBusy).toBe(2);
  });

  it('runs scripts on threads at the lowest CPU priority, leaving the event loop at its own', async () => {
    await pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input);
    // /proc/self/task/<tid>/stat: field 19 is the thread's nice value (after the ") " that ends the name).
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const nice = readdirSync('/proc/self/task').map(niceOf);
    expect(nice.filter((n) => n === 19).length).toBeGreaterThanOrEqual(1);
    expect(niceOf(String(process.pid))).toBeLessThan(19);
  });

  it('runs DCR scripts too', async () => {
    const result = await pool.run('dcr', "clientIdentity.setAttribute('a', ['b']); clientIdentity.store();", {
      operation: 'CREATE',
      clientIdentity: { name: 'c', isAIAgent: true },
    });
    expect(result).toEqual({ attributes: { a: ['b'] }, stored: true, logs: [] });
  });

  it('refuses a memory limit larger than a quarter of the worker heap, before any worker runs it', async () => {
    await expect(pool.run('may-act', SEED_000_MAY_ACT_NEXT_GEN, input, { memoryBytes: 64 * 1024 * 1024 })).rejects.toThrow(RangeError);
  });
});

describe('ScriptPool with misbehaving workers', () => {
  jest.setTimeout(60_000);

  it('terminates a worker blocked in native code at the deadline, replaces it, and never exceeds its size', async () => {
    const pool = new ScriptPool({ size: 2, queueTimeoutMs: 60_000 }, misbehaving);
    try {
      await pool.start();
      const errors = await Promise.all(Array.from({ length: 6 }, () => failure(pool.run('may-act', 'block', input, { timeoutMs: 50 }))));
      errors.forEach((error) => expect(error).toMatchObject({ kind: 'timeout', message: 'The script exceeded its 50 ms time limit' }));
      await expect(pool.run('may-act', 'hello', input)).resolves.toEqual({ echoed: 'hello' });
      expect(pool.stats()).toMatchObject({ replaced: 6, peakThreads: 2, peakBusy: 2 });
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['throws', 'crash'],
    ['exits', 'exit'],
  ])('fails the run of a worker that %s with a ScriptError, and serves the next run in a new worker', async (_how, source) => {
    const pool = new ScriptPool({ size: 1, queueTimeoutMs: 60_000 }, misbehaving);
    try {
      const error = await failure(pool.run('may-act', source, input));
      expect(error.kind).toBe('error');
      await expect(pool.run('may-act', 'hello', input)).resolves.toEqual({ echoed: 'hello' });
      expect(pool.stats()).toMatchObject({ replaced: 1, peakThreads: 1 });
    } finally {
      await pool.close();
    }
  });

  it('fails a run that waits for a worker past the queue deadline with kind busy, then serves the next run', async () => {
    const pool = new ScriptPool({ size: 1, queueTimeoutMs: 20 }, misbehaving);
    try {
      await pool.start();
      const blocking = failure(pool.run('may-act', 'block', input, { timeoutMs: 2_000 }));
      const error = await failure(pool.run('may-act', 'hello', input));
      expect(error).toMatchObject({ kind: 'busy', message: 'No script worker became free within 20 ms' });
      expect((await blocking).kind).toBe('timeout');
      await pool.start();
      await expect(pool.run('may-act', 'hello', input)).resolves.toEqual({ echoed: 'hello' });
    } finally {
      await pool.close();
    }
  });

  it('fails what waits when workers cannot start, rather than starting threads in a loop', async () => {
    const pool = new ScriptPool({ size: 1, queueTimeoutMs: 60_000 }, { file: join(__dirname, 'fixtures', 'missing.worker.js'), execArgv: [] });
    try {
      await expect(pool.start()).rejects.toThrow('The script pool could not start its workers');
      const error = await failure(pool.run('may-act', 'hello', input));
      expect(error).toMatchObject({ kind: 'error', message: 'The script worker could not start' });
    } finally {
      await pool.close();
    }
    expect(pool.stats()).toMatchObject({ threads: 0, peakThreads: 1, replaced: 2 });
  });
});

describe('script pool options', () => {
  it('defaults to min(2, cores) workers, a 1 s queue deadline and a 128 MiB worker heap, and rejects out-of-range values', () => {
    expect(resolveScriptPoolOptions()).toMatchObject({ queueTimeoutMs: 1_000, workerHeapMb: 128 });
    expect(resolveScriptPoolOptions().size).toBeLessThanOrEqual(2);
    expect(() => resolveScriptPoolOptions({ size: 0 })).toThrow(RangeError);
    expect(() => resolveScriptPoolOptions({ queueTimeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => resolveScriptPoolOptions({ workerHeapMb: 8 })).toThrow(RangeError);
  });
});

describe('the process script pool', () => {
  afterAll(() => closeScriptPool());

  it('keeps its pool when configured again with the same options, and replaces it for other options', async () => {
    const first = configureScriptPool({ size: 1 });
    expect(configureScriptPool({ size: 1 })).toBe(first);
    expect(scriptPool()).toBe(first);
    const second = configureScriptPool({ size: 2 });
    expect(second).not.toBe(first);
    expect(first.isClosed).toBe(true);
    expect(scriptPool()).toBe(second);
  });
});
