import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet's argon2id minimum: 19 MiB, 2 iterations, 1 lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id hashing of user passwords and client secrets (STYLE habit 6), on libuv's thread pool,
 * off the event loop. `verify` against a missing hash still runs one verification (against a
 * fixed dummy hash), so an unknown user or a client without a secret takes as long as a wrong
 * secret: no enumeration by timing. A malformed stored hash verifies as false.
 */
export class Argon2idHasher {
  private dummy?: Promise<string>;

  hash(secret: string): Promise<string> {
    return argon2.hash(secret, OPTIONS);
  }

  async verify(hash: string | null | undefined, secret: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.dummyHash(), secret).catch(() => false);
      return false;
    }
    return argon2.verify(hash, secret).catch(() => false);
  }

  /** Makes the dummy hash now, so that the first missing-hash check costs no more than the next. */
  async warmUp(): Promise<void> {
    await this.dummyHash();
  }

  private dummyHash(): Promise<string> {
    return (this.dummy ??= this.hash(randomBytes(16).toString('base64url')));
  }
}
