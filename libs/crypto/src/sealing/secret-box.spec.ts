import {
  SecretBoxError,
  decodeEncryptionKey,
  encryptionKeyFingerprint,
  generateEncryptionKey,
  openSecret,
  sealSecret,
} from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const key = generateEncryptionKey();
  const secret = JSON.stringify({ kty: 'RSA', d: 'private' });

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = sealSecret(secret, key, 'kid-1');
    expect(sealed).toMatchObject({ v: 1, alg: 'A256GCM', kek: encryptionKeyFingerprint(key) });
    expect(JSON.stringify(sealed)).not.toContain('private');
    expect(openSecret(sealed, key, 'kid-1')).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(secret, key, 'k').iv).not.toBe(sealSecret(secret, key, 'k').iv);
  });

  it('refuses another key and names both fingerprints', () => {
    const other = generateEncryptionKey();
    expect(() => openSecret(sealSecret(secret, key, 'k'), other, 'k')).toThrow(
      new SecretBoxError(`sealed under key-encryption key ${encryptionKeyFingerprint(key)}, but the configured key is ${encryptionKeyFingerprint(other)}`),
    );
  });

  it('refuses another context (a sealed value moved to another row)', () => {
    expect(() => openSecret(sealSecret(secret, key, 'kid-1'), key, 'kid-2')).toThrow(SecretBoxError);
  });

  it('refuses an altered ciphertext or tag', () => {
    const sealed = sealSecret(secret, key, 'k');
    const ct = Buffer.from(sealed.ct, 'base64url');
    ct[0] ^= 1;
    expect(() => openSecret({ ...sealed, ct: ct.toString('base64url') }, key, 'k')).toThrow(SecretBoxError);
    expect(() => openSecret({ ...sealed, tag: Buffer.alloc(16).toString('base64url') }, key, 'k')).toThrow(SecretBoxError);
  });

  it('decodes a 32-byte base64 key and refuses other lengths', () => {
    const encoded = Buffer.from(key).toString('base64');
    expect(Buffer.from(decodeEncryptionKey(encoded)).equals(Buffer.from(key))).toBe(true);
    expect(() => decodeEncryptionKey(Buffer.alloc(16).toString('base64'))).toThrow('an encryption key must be 32 bytes (base64), got 16');
  });
});
