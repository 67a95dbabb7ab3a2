import { executeDcrScript } from '../dcr/dcr.run';
import { executeMayActScript } from '../may-act/may-act.run';
import type { MayActInput } from '../may-act/may-act-script';
import { ScriptError } from '../script-error';
import { DEFAULT_SCRIPT_LIMITS, resolveScriptLimits } from '../script-limits';
import { SEED_000_MAY_ACT_LEGACY, SEED_000_MAY_ACT_NEXT_GEN } from '../seed-scripts';
import { quickJsModule } from './quickjs-module';

const input: MayActInput = { clientProperties: { clientId: 'hr-agent' } };
const expected = { client_id: 'hr-agent', sub: '(age!hr-agent)' };

async function failure(run: Promise<unknown>): Promise<ScriptError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScriptError);
  return error as ScriptError;
}

describe('sandbox limits and failures', () => {
  jest.setTimeout(20_000);

  it('defaults to a 500 ms deadline, a 16 MiB heap and a bounded stack', () => {
    expect(DEFAULT_SCRIPT_LIMITS).toEqual({ timeoutMs: 500, memoryBytes: 16 * 1024 * 1024, stackBytes: 192 * 1024 });
    expect(() => resolveScriptLimits({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => resolveScriptLimits({ stackBytes: 8 * 1024 * 1024 })).toThrow(RangeError);
  });

  it('stops an infinite loop within about twice the deadline, and the next run succeeds', async () => {
    const started = Date.now();
    const error = await failure(executeMayActScript('while (true) {}', input, { timeoutMs: 400 }));
    expect(Date.now() - started).toBeLessThan(2 * 400 + 100);
    expect(error).toMatchObject({ kind: 'timeout', message: 'The script exceeded its 400 ms time limit' });
    await expect(executeMayActScript(SEED_000_MAY_ACT_NEXT_GEN, input)).resolves.toMatchObject({ mayAct: expected });
  });

  it('stops a loop that hides in promise jobs or in an uncatchable-looking try/catch', async () => {
    const jobs = await failure(executeMayActScript('function f() { Promise.resolve().then(f); } f();', input, { timeoutMs: 200 }));
    expect(jobs.kind).toBe('timeout');
    const caught = await failure(executeMayActScript('for (;;) { try { while (true) {} } catch (e) {} }', input, { timeoutMs: 200 }));
    expect(caught.kind).toBe('timeout');
  });

  it('stops a memory bomb at the heap limit, and the next run succeeds', async () => {
    const bomb = "var kept = []; var chunk = 'x'.repeat(65536); while (true) kept.push(chunk + kept.length);";
    const error = await failure(executeMayActScript(bomb, input, { memoryBytes: 4 * 1024 * 1024, timeoutMs: 10_000 }));
    expect(error).toMatchObject({ kind: 'memory', message: 'The script exceeded its 4194304-byte memory limit' });
    await expect(executeMayActScript(SEED_000_MAY_ACT_LEGACY, input)).resolves.toMatchObject({ mayAct: expected });
  });

  it('treats runaway string growth as a memory failure', async () => {
    const error = await failure(executeMayActScript("var s = 'x'; while (true) s = s + s;", input));
    expect(error.kind).toBe('memory');
  });

  it('stops runaway recursion at the stack limit', async () => {
    const error = await failure(executeMayActScript('function down(n) { return down(n + 1) + 1; } down(0);', input));
    expect(error).toMatchObject({ kind: 'memory', message: 'The script exceeded the stack limit' });
  });

  it('survives a structure deep enough to exhaust the host stack inside the engine, then serves the next run', async () => {
    const error = await failure(
      executeMayActScript('var a = []; for (var i = 0; i < 100000; i++) a = [a]; token.setMayAct({ deep: a });', input),
    );
    expect(error.kind).toBe('memory');
    await expect(executeMayActScript(SEED_000_MAY_ACT_LEGACY, input)).resolves.toMatchObject({ mayAct: expected });
  });

  it('reports a syntax error with its line', async () => {
    const error = await failure(executeMayActScript('var ok = 1;\ntoken.setMayAct({ client_id: );', input));
    expect(error).toMatchObject({ kind: 'syntax', line: 2 });
    expect(error.message).toMatch(/^SyntaxError: .+ \(line 2\)$/);
  });

  it('reports a SyntaxError raised at run time (eval, JSON.parse) as a script error, not a syntax failure', async () => {
    const error = await failure(executeMayActScript("JSON.parse('{oops');", input));
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(/^SyntaxError: /);
  });

  it('reports a thrown error with its message and line, and never a host stack', async () => {
    const error = await failure(executeMayActScript("var a = 1;\n\nthrow new Error('no agent configured');", input));
    expect(error).toMatchObject({ kind: 'error', message: 'Error: no agent configured (line 3)', line: 3 });
    expect(error.message).not.toMatch(/node_modules|\.ts:|at /);
  });

  it('reports thrown non-errors and errors that cannot be described', async () => {
    await expect(executeMayActScript("throw 'plain string';", input)).rejects.toMatchObject({ kind: 'error', message: 'Uncaught plain string' });
    await expect(
      executeMayActScript('throw { get message() { while (true) {} } };', input, { timeoutMs: 200 }),
    ).rejects.toMatchObject({ kind: 'error', message: 'Uncaught (an error that could not be described)' });
  });

  it('refuses an oversized source before it reaches the engine', async () => {
    await expect(executeMayActScript(' '.repeat(300 * 1024), input)).rejects.toMatchObject({ kind: 'syntax' });
  });

  it('disposes every handle on every path: the engine is never discarded', async () => {
    const module = await quickJsModule();
    const paths = [
      SEED_000_MAY_ACT_NEXT_GEN,
      SEED_000_MAY_ACT_LEGACY,
      "throw new Error('x')",
      'syntax error (',
      "token.setMayAct('x')",
      "JavaImporter(org.forgerock.json.JsonValue).JsonValue.object(1)",
      "logger.info({ toJSON: function () { throw new Error('toJSON') } })",
      "token.setMayAct({ toJSON: function () { throw new Error('toJSON') } })",
      'Promise.reject(new Error("unhandled"))',
      "var s = 'x'; while (true) s = s + s;",
    ];
    for (const source of paths) await executeMayActScript(source, input).catch((e: unknown) => expect(e).toBeInstanceOf(ScriptError));
    await executeMayActScript('while (true) {}', input, { timeoutMs: 50 }).catch(() => undefined);
    await executeDcrScript("clientIdentity.setAttribute('a', ['b']); clientIdentity.store(); throw new Error('after store')", {
      operation: 'CREATE',
      clientIdentity: { name: 'c', isAIAgent: true },
    }).catch(() => undefined);
    expect(await quickJsModule()).toBe(module);
  });
});
