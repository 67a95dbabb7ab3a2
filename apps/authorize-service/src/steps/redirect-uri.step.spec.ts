import { InvalidRequestError } from '@mandate/oauth';
import { CALLBACK, aClient } from '../test/fixtures';
import { AuthorizeRefusal } from './authorize-refusal';
import { REDIRECT_MISMATCH, checkRedirectUri } from './redirect-uri.step';

function refusalOf(fn: () => unknown): InvalidRequestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorizeRefusal);
    return (error as AuthorizeRefusal).error as InvalidRequestError;
  }
  throw new Error('expected a refusal');
}

describe('redirect URI step (contract §3.9)', () => {
  it('accepts a registered redirect URI as sent', () => {
    expect(checkRedirectUri(aClient(), CALLBACK, [])).toBe(CALLBACK);
  });

  it('uses the single registered URI when none is sent', () => {
    expect(checkRedirectUri(aClient(), undefined, [])).toBe(CALLBACK);
  });

  it('refuses, without redirecting, any URI that is not an exact string match', () => {
    for (const uri of [`${CALLBACK}/`, 'https://www.example.com/callback', `${CALLBACK}?x=1`, 'HTTPS://www.example.com:443/callback', 'https://evil.example/cb']) {
      expect(refusalOf(() => checkRedirectUri(aClient(), uri, []))).toMatchObject({ status: 400, code: 'invalid_request', description: REDIRECT_MISMATCH });
    }
  });

  it('refuses a missing redirect URI when several are registered, or none', () => {
    const several = aClient({ redirectUris: [CALLBACK, 'https://other.example/cb'] });
    expect(refusalOf(() => checkRedirectUri(several, undefined, []))).toMatchObject({ description: 'Missing parameters: redirect_uri' });
    expect(refusalOf(() => checkRedirectUri(aClient({ redirectUris: [] }), undefined, []))).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses a redirect URI sent twice', () => {
    expect(refusalOf(() => checkRedirectUri(aClient(), CALLBACK, ['redirect_uri']))).toMatchObject({ description: 'Parameters sent more than once: redirect_uri' });
  });
});
