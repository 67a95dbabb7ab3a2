import { realmPathSchema, realmSchema } from './realm-resolve.message';

describe('realmPathSchema', () => {
  it.each(['/', '/alpha', '/a/b', '/alpha/child/grand-child', '/a_b.c-d', '/A1'])('accepts %p', (path) => {
    expect(realmPathSchema.safeParse(path).success).toBe(true);
  });

  it.each(['', 'alpha', '/a//b', '/a b', '/alpha/', '//', '/a/b/', '/ä', '/a?b', '/a#b', '/a%2Fb', ' /alpha'])('rejects %p', (path) => {
    const result = realmPathSchema.safeParse(path);
    expect(result.success).toBe(false);
  });

  it('explains the expected form', () => {
    const result = realmPathSchema.safeParse('alpha');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('a realm path such as / or /alpha');
  });

  it('rejects a non-string', () => {
    expect(realmPathSchema.safeParse(42).success).toBe(false);
  });
});

describe('realmSchema', () => {
  it('accepts a realm view and refuses one with a malformed path', () => {
    const realm = { id: '4f0c3e9e-0000-4000-8000-000000000000', path: '/alpha', name: 'alpha', active: true };
    expect(realmSchema.parse(realm)).toEqual(realm);
    expect(realmSchema.safeParse({ ...realm, path: 'alpha' }).success).toBe(false);
    expect(realmSchema.safeParse({ ...realm, active: 'yes' }).success).toBe(false);
  });
});
