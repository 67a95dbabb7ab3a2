import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM ciphertext of a secret, as stored at rest (every member base64url). */
export interface SealedSecret {
  v: 1;
  alg: 'A256GCM';
  /** Fingerprint of the key-encryption key that sealed it, so a changed key is diagnosed, not guessed. */
  kek: string;
  iv: string;
  tag: string;
  ct: string;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A 32-byte AES key from its base64 (or base64url) form; anything else is refused. */
export function decodeEncryptionKey(encoded: string): Uint8Array {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`an encryption key must be ${KEY_BYTES} bytes (base64), got ${key.length}`);
  return new Uint8Array(key);
}

/** A new random 32-byte AES key. */
export function generateEncryptionKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

/** Public identifier of a key-encryption key: the first 16 characters of its SHA-256 (it reveals nothing of a random key). */
export function encryptionKeyFingerprint(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/**
 * Seals `plaintext` with AES-256-GCM under `key`. `context` is bound as additional data (e.g. a
 * key's `kid`), so a sealed value copied to another row does not open there.
 */
export function sealSecret(plaintext: string, key: Uint8Array, context: string): SealedSecret {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    alg: 'A256GCM',
    kek: encryptionKeyFingerprint(key),
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    ct: ct.toString('base64url'),
  };
}

/** Opens a sealed secret; a wrong key, context or any altered byte throws SecretBoxError. */
export function openSecret(sealed: SealedSecret, key: Uint8Array, context: string): string {
  assertKey(key);
  if (sealed?.v !== 1 || sealed.alg !== 'A256GCM') throw new SecretBoxError('not a sealed secret this version can open');
  const fingerprint = encryptionKeyFingerprint(key);
  if (sealed.kek !== fingerprint) {
    throw new SecretBoxError(`sealed under key-encryption key ${sealed.kek}, but the configured key is ${fingerprint}`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret failed authentication (altered, or sealed for another context)');
  }
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`an encryption key must be ${KEY_BYTES} bytes`);
}
