import { Scope, type Intrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { DESCRIBE_ERROR_GUEST } from '../guest/describe-error.guest';
import { ScriptError } from '../script-error';
import type { ResolvedScriptLimits } from '../script-limits';
import { GuestBridge, GuestThrow } from './guest-bridge';
import { discardQuickJsModule, quickJsModule } from './quickjs-module';

export interface SandboxRun {
  source: string;
  /** Shown in guest stack traces and syntax errors, e.g. `may-act-script.js`. */
  filename: string;
  limits: ResolvedScriptLimits;
  /** Installs the bindings into the fresh context, before the script runs. */
  install: (bridge: GuestBridge) => void;
}

/** Scripts are small admin-written hooks; anything bigger is refused before it reaches the engine. */
export const MAX_SCRIPT_SOURCE_CHARS = 256 * 1024;

/**
 * The language a script gets: no Proxy, no typed arrays / ArrayBuffer (less surface, and a
 * context is ~35% cheaper to create without them). `eval` stays: it is needed to compile the
 * script at all, and inside QuickJS it reaches nothing of the host.
 */
const SCRIPT_INTRINSICS: Intrinsics = {
  BaseObjects: true,
  Date: true,
  Eval: true,
  StringNormalize: true,
  RegExp: true,
  RegExpCompiler: true,
  JSON: true,
  MapSet: true,
  Promise: true,
};

// After a guest failure, describing the error may allocate and run guest getters: give it a little room.
const DESCRIBE_HEAP_HEADROOM = 1024 * 1024;
const DESCRIBE_GRACE_MS = 20;

interface GuestErrorInfo {
  name: string;
  message: string;
  fileName?: string;
  lineNumber?: number;
  stack?: string;
}

const UNDESCRIBABLE: GuestErrorInfo = { name: '', message: '(an error that could not be described)' };

/** Deadline checked by QuickJS's interrupt handler (called every few thousand bytecode ops). */
class Deadline {
  private until: number;
  fired = false;

  constructor(ms: number) {
    this.until = Date.now() + ms;
  }

  readonly handler = (): boolean => {
    if (Date.now() < this.until) return false;
    this.fired = true;
    return true;
  };

  grace(ms: number): void {
    this.until = Date.now() + ms;
  }
}

/**
 * Runs one script in a fresh QuickJS runtime + context (created and disposed here; nothing
 * survives the run). Guest failures reject with `ScriptError`; a failure of the engine itself
 * also rejects with `ScriptError` and makes the next run load a fresh WebAssembly module, so the
 * host keeps serving.
 */
export async function runInSandbox(run: SandboxRun): Promise<void> {
  if (typeof run.source !== 'string' || run.source.length > MAX_SCRIPT_SOURCE_CHARS) {
    throw new ScriptError('syntax', `The script source must be a string of at most ${MAX_SCRIPT_SOURCE_CHARS} characters`);
  }
  const module = await quickJsModule();
  // The interpreter also consumes the host's native stack: start from an empty one, not from
  // deep inside the caller's framework stack.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    execute(module, run);
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    discardQuickJsModule(module);
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new ScriptError('memory', 'The script exceeded the stack limit');
    }
    throw new ScriptError('error', 'The script sandbox failed');
  }
}

function execute(module: QuickJSWASMModule, run: SandboxRun): void {
  const runtime = module.newRuntime();
  const deadline = new Deadline(run.limits.timeoutMs);
  runtime.setInterruptHandler(deadline.handler);
  runtime.setMemoryLimit(run.limits.memoryBytes);
  runtime.setMaxStackSize(run.limits.stackBytes);
  const context = runtime.newContext({ intrinsics: SCRIPT_INTRINSICS });
  // A host-side exception here leaves the engine in an unknown state: no disposal, the caller
  // discards the module. Guest failures come back as a value so that disposal always happens.
  const { failure, hostFailure } = evaluate(context, runtime, run, deadline);
  if (hostFailure !== undefined) throw hostFailure;
  context.dispose();
  runtime.dispose();
  if (failure) throw failure;
}

function evaluate(
  context: QuickJSContext,
  runtime: QuickJSRuntime,
  run: SandboxRun,
  deadline: Deadline,
): { failure?: ScriptError; hostFailure?: unknown } {
  return Scope.withScope((scope) => {
    const bridge = new GuestBridge(context, scope);
    const failure = runScript(bridge, scope, runtime, run, deadline);
    return { failure, hostFailure: bridge.hostFailure };
  });
}

function runScript(
  bridge: GuestBridge,
  scope: Scope,
  runtime: QuickJSRuntime,
  run: SandboxRun,
  deadline: Deadline,
): ScriptError | undefined {
  const { context } = bridge;
  const fail = (error: QuickJSHandle): ScriptError => classify(bridge, runtime, run, deadline, scope.manage(error));
  try {
    run.install(bridge);
  } catch (error) {
    if (error instanceof GuestThrow) return fail(error.handle);
    throw error;
  }
  const result = context.evalCode(run.source, run.filename, { type: 'global' });
  if (result.error) return fail(result.error);
  scope.manage(result.value);
  // Promise jobs the script queued run under the same deadline.
  const jobs = runtime.executePendingJobs(-1);
  if (jobs.error) return fail(jobs.error);
  // An interrupt inside a promise job only rejects that promise; it is still a timeout.
  if (deadline.fired) return timeoutError(run);
  return undefined;
}

function timeoutError(run: SandboxRun): ScriptError {
  return new ScriptError('timeout', `The script exceeded its ${run.limits.timeoutMs} ms time limit`);
}

function classify(
  bridge: GuestBridge,
  runtime: QuickJSRuntime,
  run: SandboxRun,
  deadline: Deadline,
  error: QuickJSHandle,
): ScriptError {
  if (deadline.fired) return timeoutError(run);
  runtime.setMemoryLimit(run.limits.memoryBytes + DESCRIBE_HEAP_HEADROOM);
  deadline.grace(DESCRIBE_GRACE_MS);
  const info = describeGuestError(bridge, error);
  if (info.name === 'InternalError' && (info.message === 'out of memory' || info.message === 'string too long')) {
    return new ScriptError('memory', `The script exceeded its ${run.limits.memoryBytes}-byte memory limit`);
  }
  if (info.name === 'InternalError' && info.message === 'stack overflow') {
    return new ScriptError('memory', 'The script exceeded the stack limit');
  }
  // A SyntaxError can also come from the script's own eval()/JSON.parse(): only a source that
  // does not compile is a syntax failure.
  if (info.name === 'SyntaxError' && !compiles(bridge.context, run)) {
    const line = info.fileName === run.filename ? info.lineNumber : undefined;
    return new ScriptError('syntax', `SyntaxError: ${info.message}${line ? ` (line ${line})` : ''}`, line);
  }
  const line = lineInScript(info, run.filename);
  const text = info.name ? `${info.name}: ${info.message}` : `Uncaught ${info.message}`;
  return new ScriptError('error', `${text}${line ? ` (line ${line})` : ''}`, line);
}

/** Compiles the describe helper (only on this failure path) and asks it for name/message/line as JSON. */
function describeGuestError(bridge: GuestBridge, error: QuickJSHandle): GuestErrorInfo {
  const { context } = bridge;
  const helper = context.evalCode(DESCRIBE_ERROR_GUEST, 'mandate-describe.js', { type: 'global', strict: true });
  if (helper.error) {
    helper.error.dispose();
    return UNDESCRIBABLE;
  }
  const described = helper.value.consume((fn) => context.callFunction(fn, context.undefined, error, ...bridge.builtins));
  if (described.error) {
    described.error.dispose();
    return UNDESCRIBABLE;
  }
  return described.value.consume((json) => {
    if (context.typeof(json) !== 'string') return UNDESCRIBABLE;
    try {
      return sanitize(JSON.parse(context.getString(json)));
    } catch {
      return UNDESCRIBABLE;
    }
  });
}

function sanitize(value: unknown): GuestErrorInfo {
  if (!value || typeof value !== 'object') return UNDESCRIBABLE;
  const raw = value as Record<string, unknown>;
  const text = (field: unknown, max: number): string | undefined =>
    typeof field === 'string' ? field.slice(0, max) : undefined;
  return {
    name: text(raw['name'], 100) ?? '',
    message: text(raw['message'], 1000) ?? '',
    fileName: text(raw['fileName'], 200),
    lineNumber: typeof raw['lineNumber'] === 'number' ? raw['lineNumber'] : undefined,
    stack: text(raw['stack'], 500),
  };
}

function compiles(context: QuickJSContext, run: SandboxRun): boolean {
  const compiled = context.evalCode(run.source, run.filename, { type: 'global', compileOnly: true });
  if (compiled.error) {
    compiled.error.dispose();
    return false;
  }
  compiled.value.dispose();
  return true;
}

/** The first guest stack frame inside the script, e.g. `at <anonymous> (may-act-script.js:7:9)`. */
function lineInScript(info: GuestErrorInfo, filename: string): number | undefined {
  if (info.fileName === filename && info.lineNumber) return info.lineNumber;
  const frame = info.stack?.split('\n').find((line) => line.includes(`(${filename}:`));
  const match = frame?.match(/:(\d+):\d+\)/);
  return match ? Number(match[1]) : undefined;
}
