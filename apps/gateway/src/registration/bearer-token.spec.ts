import { bearerToken, multiMap } from './bearer-token';

describe('Bearer token extraction (RFC 6750 §2.1)', () => {
  it('reads the token of a Bearer header whatever the case of the scheme', () => {
    expect(bearerToken('Bearer nAn6REdGvAthrKK6EhMo_eT2Rzw')).toBe('nAn6REdGvAthrKK6EhMo_eT2Rzw');
    expect(bearerToken('bearer abc.def-ghi~/+=')).toBe('abc.def-ghi~/+=');
  });

  it('gives nothing for a missing header, another scheme or a malformed token', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic Y2xpZW50OnNlY3JldA==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer two tokens')).toBeUndefined();
  });
});

describe('request properties for the DCR script', () => {
  it('turns every value into an array and hides credentials', () => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer x', cookie: 'a=b', 'x-many': ['1', '2'] };
    expect(multiMap(headers, true)).toEqual({ 'content-type': ['application/json'], 'x-many': ['1', '2'] });
    expect(multiMap({ client_id: 'abc' })).toEqual({ client_id: ['abc'] });
  });
});
