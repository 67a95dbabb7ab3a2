import { readIdempotencyKey } from './idempotency-key';

const UUID = '8e03978e-40d5-43e8-bc93-6894a57f9324';

describe('readIdempotencyKey (draft-ietf-httpapi-idempotency-key-header §2)', () => {
  it('reads the structured-field string and the bare form alike', () => {
    expect(readIdempotencyKey(`"${UUID}"`)).toEqual({ key: UUID });
    expect(readIdempotencyKey(UUID)).toEqual({ key: UUID });
    expect(readIdempotencyKey(` "${UUID}" `)).toEqual({ key: UUID });
    expect(readIdempotencyKey('"key-with-\\"quote\\"-and-\\\\"')).toEqual({ key: 'key-with-"quote"-and-\\' });
  });

  it('is absent when the header is', () => {
    expect(readIdempotencyKey(undefined)).toEqual({});
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'k'.repeat(256)],
    ['not visible ASCII', 'clé-idempotente-0001'],
    ['a space in a bare key', '8e03978e 40d5 43e8 bc93'],
    ['an unterminated quote', `"${UUID}`],
    ['an unescaped quote', `"${UUID}"x"`],
    ['empty', '""'],
  ])('names the problem of %s', (_why, header) => {
    expect(readIdempotencyKey(header).problem).toMatch(/^Idempotency-Key: /);
    expect(readIdempotencyKey(header).key).toBeUndefined();
  });

  it('refuses two keys', () => {
    expect(readIdempotencyKey([UUID, UUID]).problem).toBe('Idempotency-Key: send one key');
    expect(readIdempotencyKey([UUID])).toEqual({ key: UUID });
  });
});
