import { installCommonBindings } from '../bindings/common.bindings';
import { installMayActBindings, type MayActState } from '../bindings/may-act.bindings';
import { runInSandbox } from '../sandbox/sandbox';
import { resolveScriptLimits, type ScriptLimits } from '../script-limits';
import { ScriptLogCollector } from '../script-log';
import type { MayActInput, MayActResult } from './may-act-script';

/**
 * Runs a may-act script in this thread (a script-pool worker calls it; so do the sandbox's own
 * tests). Rejects with `ScriptError` on any failure.
 */
export async function executeMayActScript(source: string, input: MayActInput, limits?: ScriptLimits): Promise<MayActResult> {
  const limitsResolved = resolveScriptLimits(limits);
  const logs = new ScriptLogCollector();
  const state: MayActState = { mayAct: undefined };
  await runInSandbox({
    source,
    filename: 'may-act-script.js',
    limits: limitsResolved,
    install: (bridge) => {
      installCommonBindings(bridge, input, logs);
      installMayActBindings(bridge, input, state);
    },
  });
  return { mayAct: state.mayAct, logs: logs.toArray() };
}
