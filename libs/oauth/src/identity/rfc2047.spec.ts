import { decodeEncodedWords } from './rfc2047';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('decodeEncodedWords (RFC 2047)', () => {
  it('leaves plain ASCII alone', () => {
    expect(decodeEncodedWords('bjensen')).toBe('bjensen');
    expect(decodeEncodedWords('Ch4ng31t=?')).toBe('Ch4ng31t=?');
  });

  it('decodes a base64 UTF-8 word', () => {
    expect(decodeEncodedWords(`=?UTF-8?B?${b64('Jürgen')}?=`)).toBe('Jürgen');
  });

  it('accepts the charset and encoding in any case', () => {
    expect(decodeEncodedWords(`=?utf-8?b?${b64('Ωmega')}?=`)).toBe('Ωmega');
  });

  it('decodes a Q word, with _ for space and =XX for bytes', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=')).toBe('Jürgen Müller');
  });

  it('keeps text around a word', () => {
    expect(decodeEncodedWords(`pre ${`=?UTF-8?B?${b64('ß')}?=`} post`)).toBe('pre ß post');
  });

  it('drops whitespace between adjacent words and joins a character split across them', () => {
    const bytes = Buffer.from('€', 'utf8');
    const first = bytes.subarray(0, 1).toString('base64');
    const second = bytes.subarray(1).toString('base64');
    expect(decodeEncodedWords(`=?UTF-8?B?${first}?= =?UTF-8?B?${second}?=`)).toBe('€');
  });

  it('decodes ISO-8859-1', () => {
    expect(decodeEncodedWords('=?ISO-8859-1?Q?caf=E9?=')).toBe('café');
  });

  it('ignores an RFC 2231 language tag', () => {
    expect(decodeEncodedWords(`=?UTF-8*en?B?${b64('é')}?=`)).toBe('é');
  });

  it('leaves a word with an unknown charset or broken encoding as it was', () => {
    expect(decodeEncodedWords('=?KOI8-R?B?abcd?=')).toBe('=?KOI8-R?B?abcd?=');
    expect(decodeEncodedWords('=?UTF-8?Q?bad=ZZ?=')).toBe('=?UTF-8?Q?bad=ZZ?=');
    expect(decodeEncodedWords('=?UTF-8?B?a*b?=')).toBe('=?UTF-8?B?a*b?=');
  });

  it('decodes a password that contains an encoded =? sequence', () => {
    expect(decodeEncodedWords(`=?UTF-8?B?${b64('p=?ss?=wörd')}?=`)).toBe('p=?ss?=wörd');
  });
});
