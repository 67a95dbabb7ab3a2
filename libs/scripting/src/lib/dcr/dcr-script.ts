import { installCommonBindings } from '../bindings/common.bindings';
import { installDcrBindings, type DcrState } from '../bindings/dcr.bindings';
import type { RequestProperties } from '../request-properties';
import { runInSandbox } from '../sandbox/sandbox';
import { resolveScriptLimits, type ScriptLimits } from '../script-limits';
import { ScriptLogCollector, type ScriptLogLine } from '../script-log';

export type DcrOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** The registered client as the DCR script's `clientIdentity` (am-spec §11.5 ScriptedClient) sees it. */
export interface DcrClientIdentity {
  /** The client id (`clientIdentity.getName()`). */
  name: string;
  /** True for clients registered through `/aiagent/register` (`clientIdentity.isAIAgent()`). */
  isAIAgent: boolean;
  /** Short client-config attribute names to string-array values, e.g. `{statelessTokensEnabled: ['true']}`. */
  attributes?: Record<string, unknown[]>;
}

export interface DcrInput {
  operation: DcrOperation;
  /** Null on DELETE (am-spec §11.5). */
  clientIdentity: DcrClientIdentity | null;
  requestProperties?: RequestProperties;
  /** The decoded software statement; `{}` when there is none (the default). */
  softwareStatement?: Record<string, unknown> | null;
  scriptName?: string;
}

export interface DcrResult {
  /**
   * The attribute map as of the last `clientIdentity.store()`; if the script never stored, the
   * map as the script left it (not to be persisted: AM requires `store()`).
   */
  attributes: Record<string, unknown[]>;
  /** Whether the script called `clientIdentity.store()`. */
  stored: boolean;
  logs: ScriptLogLine[];
}

/**
 * Runs a DCR script (am-spec §11.5, context `OAUTH2_DYNAMIC_CLIENT_REGISTRATION`) after a
 * successful CREATE/UPDATE/DELETE. Rejects with `ScriptError` on any failure.
 */
export async function runDcrScript(source: string, input: DcrInput, limits?: ScriptLimits): Promise<DcrResult> {
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
