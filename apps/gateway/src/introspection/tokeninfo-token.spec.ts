import { tokenInfoToken } from './tokeninfo-token';

describe('the access token of a tokeninfo request (am-spec §8)', () => {
  it('reads an Authorization: Bearer header', () => {
    expect(tokenInfoToken('Bearer eyJ0eXAiOi.abc.def', undefined)).toBe('eyJ0eXAiOi.abc.def');
  });

  it('reads the access_token query parameter (seed 004)', () => {
    expect(tokenInfoToken(undefined, 'nAn6REdGvAthrKK6EhMo_eT2Rzw')).toBe('nAn6REdGvAthrKK6EhMo_eT2Rzw');
    expect(tokenInfoToken('Basic Y2xpZW50OnNlY3JldA==', 'abc')).toBe('abc');
  });

  it('gives nothing when there is no token, for the service to refuse', () => {
    expect(tokenInfoToken(undefined, undefined)).toBeUndefined();
    expect(tokenInfoToken(undefined, '')).toBeUndefined();
  });

  it('refuses two tokens at once (RFC 6750 §2) with AM’s words', () => {
    const refused = { status: 400, code: 'invalid_request', description: 'Access Token not valid' };
    expect(() => tokenInfoToken('Bearer abc', 'abc')).toThrow(expect.objectContaining(refused));
    expect(() => tokenInfoToken(undefined, ['abc', 'def'])).toThrow(expect.objectContaining(refused));
  });
});
