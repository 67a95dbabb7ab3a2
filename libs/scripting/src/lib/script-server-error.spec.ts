import { ServerError } from '@mandate/oauth';
import { ScriptError } from './script-error';
import { scriptServerError } from './script-server-error';

describe('scriptServerError', () => {
  it('maps a failed may-act script to 500 server_error "Error running may_act script", the cause log-only', () => {
    const error = scriptServerError(new ScriptError('timeout', 'The script exceeded its 500 ms time limit'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.toEnvelope()).toEqual({
      mandateError: true,
      kind: 'oauth',
      status: 500,
      code: 'server_error',
      description: 'Error running may_act script',
    });
    expect(error.detail).toBe('script timeout: The script exceeded its 500 ms time limit');
  });
});
