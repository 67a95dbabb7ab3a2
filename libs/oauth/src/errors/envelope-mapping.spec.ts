import { isErrorEnvelope } from '@mandate/contracts';
import { CrestError } from './crest-error';
import { fromErrorEnvelope, toErrorEnvelope } from './envelope-mapping';
import { InvalidClientError, OAuthError } from './oauth-error';

describe('error envelopes', () => {
  it('carries an OAuth error across a hop without its log-only detail', () => {
    const envelope = toErrorEnvelope(new InvalidClientError('secret mismatch for hr-client', true));
    expect(envelope).toEqual({
      mandateError: true,
      kind: 'oauth',
      status: 401,
      code: 'invalid_client',
      description: 'Client authentication failed',
      headers: { 'WWW-Authenticate': 'Basic realm="oauth2"' },
    });
    expect(JSON.stringify(envelope)).not.toContain('secret mismatch');
    const back = fromErrorEnvelope(envelope);
    expect(back).toBeInstanceOf(OAuthError);
    expect(back.headers['WWW-Authenticate']).toBe('Basic realm="oauth2"');
  });

  it('carries a CREST error with its public detail', () => {
    const envelope = toErrorEnvelope(new CrestError(401, 'Login failure', 'bad password', { failureUrl: '' }));
    expect(envelope).toMatchObject({ kind: 'crest', status: 401, code: 'Unauthorized', detail: { failureUrl: '' } });
    expect(isErrorEnvelope(envelope)).toBe(true);
  });

  it('turns an unexpected exception into server_error without leaking its message', () => {
    const envelope = toErrorEnvelope(new TypeError('cannot read property x of undefined'));
    expect(envelope).toEqual({
      mandateError: true,
      kind: 'oauth',
      status: 500,
      code: 'server_error',
      description: 'The server encountered an unexpected error',
    });
  });
});
