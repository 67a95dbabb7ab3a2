import { scriptPool } from '../pool/default-pool';
import type { RequestProperties } from '../request-properties';
import type { ScriptLimits } from '../script-limits';
import type { ScriptLogLine } from '../script-log';

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
 * `may_act` claim (RFC 8693 §4.4). The run happens in a worker of the script pool, off the
 * caller's event loop. Rejects with `ScriptError` on any failure.
 */
export function runMayActScript(source: string, input: MayActInput, limits?: ScriptLimits): Promise<MayActResult> {
  return scriptPool().run('may-act', source, input, limits);
}
