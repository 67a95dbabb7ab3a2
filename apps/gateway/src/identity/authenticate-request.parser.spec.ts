import { CrestError } from '@mandate/oauth';
import { parseLoginCredentials } from './authenticate-request.parser';

const callbacks = (username: unknown, password: unknown) => ({
  authId: 'x',
  callbacks: [
    { type: 'NameCallback', output: [], input: [{ name: 'IDToken1', value: username }] },
    { type: 'PasswordCallback', output: [], input: [{ name: 'IDToken2', value: password }] },
  ],
});

describe('parseLoginCredentials', () => {
  it('reads the zero-page headers and decodes RFC 2047 words', () => {
    expect(parseLoginCredentials({ 'x-openam-username': 'bjensen', 'x-openam-password': 'Ch4ng31t' }, undefined)).toEqual({ username: 'bjensen', password: 'Ch4ng31t' });
    expect(parseLoginCredentials({ 'x-openam-username': '=?UTF-8?Q?j=C3=BCrgen?=', 'x-openam-password': 'p' }, {})).toEqual({ username: 'jürgen', password: 'p' });
  });

  it('treats a missing one of the two headers as empty', () => {
    expect(parseLoginCredentials({ 'x-openam-username': 'bjensen' }, undefined)).toEqual({ username: 'bjensen', password: '' });
  });

  it('answers undefined (callbacks wanted) without headers or callbacks', () => {
    expect(parseLoginCredentials({}, undefined)).toBeUndefined();
    expect(parseLoginCredentials({}, {})).toBeUndefined();
  });

  it('prefers filled callbacks over headers', () => {
    expect(parseLoginCredentials({ 'x-openam-username': 'header' }, callbacks('bjensen', 'Ch4ng31t'))).toEqual({ username: 'bjensen', password: 'Ch4ng31t' });
  });

  it('reads missing or non-string callback values as empty', () => {
    expect(parseLoginCredentials({}, { callbacks: [{ type: 'NameCallback', input: [{ value: 7 }] }] })).toEqual({ username: '', password: '' });
  });

  it('refuses oversized credentials with CREST 400', () => {
    expect(() => parseLoginCredentials({}, callbacks('a', 'x'.repeat(5000)))).toThrow(CrestError);
  });
});
