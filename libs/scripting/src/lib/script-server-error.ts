import { ServerError } from '@mandate/oauth';
import { ScriptError } from './script-error';

/**
 * Maps a failed script run to OAuth 500 `server_error` (am-spec §12.1: a failing may-act script
 * answers "Error running may_act script"). The script's own message goes to `detail` (log only). Every
 * pool failure (a time-out, memory, a crashed worker, a full queue) is a `ScriptError` and answers the same.
 */
export function scriptServerError(error: unknown, description = 'Error running may_act script'): ServerError {
  const detail = error instanceof ScriptError ? `script ${error.kind}: ${error.message}` : 'script failed';
  return new ServerError(description, detail);
}
