import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a value, base64url without padding (stored form of high-entropy tokens; PKCE S256). */
export function sha256Base64url(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** `bytes` random bytes from the CSPRNG, base64url without padding (32 bytes → 43 characters). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) throw new RangeError('randomToken needs at least 16 bytes');
  return randomBytes(bytes).toString('base64url');
}

/**
 * Compares two strings in time independent of where they differ and of their lengths: both
 * sides are hashed to 32 bytes first, so `timingSafeEqual` never sees inputs of unequal length.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
