import { createHash, randomBytes } from 'node:crypto';

/** A new SSO token: 256 random bits, base64url (AM's `tokenId`, the `iPlanetDirectoryPro` value). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the token's SHA-256 (a high-entropy token needs no slow hash). */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
