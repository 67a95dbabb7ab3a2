import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * Client secrets are stored as argon2id hashes and checked in constant time (STYLE habit 6).
 * argon2's native async API hashes on libuv's thread pool, off the event loop.
 */
@Injectable()
export class ClientSecretHasher {
  hash(secret: string): Promise<string> {
    // OWASP password storage: argon2id, m=19 MiB, t=2, p=1.
    return argon2.hash(secret, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string | null, secret: string): Promise<boolean> {
    if (!hash) return false;
    try {
      return await argon2.verify(hash, secret);
    } catch {
      return false;
    }
  }
}
