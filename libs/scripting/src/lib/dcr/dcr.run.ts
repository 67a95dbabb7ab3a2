import { installCommonBindings } from '../bindings/common.bindings';
import { installDcrBindings, type DcrState } from '../bindings/dcr.bindings';
import { runInSandbox } from '../sandbox/sandbox';
import { resolveScriptLimits, type ScriptLimits } from '../script-limits';
import { ScriptLogCollector } from '../script-log';
import type { DcrInput, DcrResult } from './dcr-script';

/** Runs a DCR script in this thread (a script-pool worker calls it). Rejects with `ScriptError` on any failure. */
export async function executeDcrScript(source: string, input: DcrInput, limits?: ScriptLimits): Promise<DcrResult> {
  const limitsResolved = resolveScriptLimits(limits);
  const logs = new ScriptLogCollector();
  const state: DcrState = { attributes: structuredClone(input.clientIdentity?.attributes ?? {}), stored: undefined };
  await runInSandbox({
    source,
    filename: 'dcr-script.js',
    limits: limitsResolved,
    install: (bridge) => {
      installCommonBindings(bridge, input, logs);
      installDcrBindings(bridge, input, state);
    },
  });
  return { attributes: state.stored ?? state.attributes, stored: state.stored !== undefined, logs: logs.toArray() };
}
