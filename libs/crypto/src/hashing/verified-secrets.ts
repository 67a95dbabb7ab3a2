import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Remembers secrets that passed a slow check (argon2id), so that the next presentation of the
 * same secret is a keyed hash and a constant-time compare instead of another argon2 run.
 * Only an HMAC of the secret is kept, under a key that never leaves this process; entries
 * expire, the map is bounded, and callers put the stored hash in the key so that a changed
 * secret never matches an old entry. Written by hand: no library does this small thing.
 */
export class VerifiedSecrets {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, { mac: Buffer; until: number }>();

  constructor(
    private readonly ttlMs = 300_000,
    private readonly max = 10_000,
  ) {}

  matches(key: string, secret: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return false;
    }
    return timingSafeEqual(entry.mac, this.mac(secret));
  }

  remember(key: string, secret: string): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { mac: this.mac(secret), until: Date.now() + this.ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private mac(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest();
  }
}
