import type { DcrInput, DcrResult } from '../dcr/dcr-script';
import type { MayActInput, MayActResult } from '../may-act/may-act-script';
import type { ScriptErrorKind } from '../script-error';
import type { ResolvedScriptLimits } from '../script-limits';

/** What a pool worker can run, with the input and result each kind of script takes. */
export interface ScriptTasks {
  'may-act': { input: MayActInput; result: MayActResult };
  dcr: { input: DcrInput; result: DcrResult };
}
export type ScriptTaskName = keyof ScriptTasks;

/** Parent → worker: one run. Everything is plain data (structured clone). */
export interface ScriptTaskMessage {
  id: number;
  task: ScriptTaskName;
  source: string;
  input: unknown;
  limits: ResolvedScriptLimits;
}

/** Worker → parent. `ready` once the worker's QuickJS module is loaded; then one reply per run. */
export type ScriptWorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: { kind: ScriptErrorKind; message: string; line?: number } };
