import { scriptPool } from '../pool/default-pool';
import type { RequestProperties } from '../request-properties';
import type { ScriptLimits } from '../script-limits';
import type { ScriptLogLine } from '../script-log';

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
 * successful CREATE/UPDATE/DELETE, in a worker of the script pool. Rejects with `ScriptError` on any failure.
 */
export function runDcrScript(source: string, input: DcrInput, limits?: ScriptLimits): Promise<DcrResult> {
  return scriptPool().run('dcr', source, input, limits);
}
