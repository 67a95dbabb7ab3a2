import { Argon2idHasher } from './argon2id-hasher';

describe('Argon2idHasher', () => {
  const hasher = new Argon2idHasher();

  it('hashes with argon2id at the OWASP parameters and verifies the secret, not another', async () => {
    const hash = await hasher.hash('mySecret');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'mySecret')).toBe(true);
    expect(await hasher.verify(hash, 'mySecreT')).toBe(false);
  });

  it('answers false for a missing or malformed stored hash, never throws', async () => {
    await hasher.warmUp();
    expect(await hasher.verify(null, 'mySecret')).toBe(false);
    expect(await hasher.verify(undefined, 'mySecret')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'mySecret')).toBe(false);
  });
});
