import { installCommonBindings } from '../bindings/common.bindings';
import { installMayActBindings, type MayActState } from '../bindings/may-act.bindings';
import type { RequestProperties } from '../request-properties';
import { runInSandbox } from '../sandbox/sandbox';
import { resolveScriptLimits, type ScriptLimits } from '../script-limits';
import { ScriptLogCollector, type ScriptLogLine } from '../script-log';

/** am-spec §12.1 `clientProperties`: whatever the host knows about the client, as plain JSON. */
export interface MayActClientProperties {
  clientId?: string;
  allowedGrantTypes?: string[];
  allowedResponseTypes?: string[];
  allowedScopes?: string[];
  customProperties?: Record<string, unknown>;
  redirectUris?: string[];
  [name: string]: unknown;
}

/** The data a may-act script sees. Everything is copied into the sandbox as JSON. */
export interface MayActInput {
  /** The token being issued: readable through `token.getField(name)`, `getScope()`, `getAct()`, `getMayAct()`. */
  token?: { claims?: Record<string, unknown>; scope?: string[] };
  clientProperties?: MayActClientProperties | null;
  scopes?: string[];
  requestProperties?: RequestProperties;
  /** The resource owner as plain data, or null (AIC: empty on ROPC / token exchange). */
  identity?: Record<string, unknown> | null;
  scriptName?: string;
}

export interface MayActResult {
  /** The value of the last `token.setMayAct(...)`, or undefined if the script never set one (or cleared it). */
  mayAct: Record<string, unknown> | undefined;
  logs: ScriptLogLine[];
}

/**
 * Runs a may-act script (am-spec §12.1, both `OAUTH2_MAY_ACT` legacy and `_NEXT_GEN` styles):
 * the script mutates `token` with `setMayAct(object | JsonValue)`; the result becomes the
 * `may_act` claim (RFC 8693 §4.4). Rejects with `ScriptError` on any failure.
 */
export async function runMayActScript(source: string, input: MayActInput, limits?: ScriptLimits): Promise<MayActResult> {
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
