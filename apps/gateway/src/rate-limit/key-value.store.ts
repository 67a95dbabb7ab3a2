import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { KeyValueBuckets } from '@mandate/contracts';
import { type KV, type NatsConnection, StorageType } from 'nats';

/** A counter write lost to a concurrent one is tried again, this many times at most. */
const MAX_ATTEMPTS = 16;

/** The part of a JetStream key-value bucket the counters use (a bucket, or a test's map). */
export type CounterBucket = Pick<KV, 'get' | 'create' | 'update'>;

/**
 * The bucket, opened on first use and again after a failed open (the bus may come up after the
 * gateway; requests meanwhile pass under `skipOnError`).
 */
export function lazyBucket(open: () => Promise<CounterBucket>): () => Promise<CounterBucket> {
  let opening: Promise<CounterBucket> | undefined;
  return () => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}

/**
 * Opens (creating on first use) the bucket every gateway replica counts in: in memory, one
 * value per key, entries gone after two windows (a window's key is never read after it ends).
 */
export async function openRateLimitBucket(connection: NatsConnection, windowMs: number): Promise<KV> {
  return connection.jetstream().views.kv(KeyValueBuckets.rateLimits.name, {
    storage: StorageType.Memory,
    history: 1,
    ttl: 2 * windowMs,
    max_bytes: 32 * 1024 * 1024,
  });
}

/**
 * A @fastify/rate-limit store whose counters live in a NATS JetStream key-value bucket, so that
 * every gateway replica spends one budget per key. @fastify/rate-limit ships a Redis store only,
 * and Mandate runs no Redis: the bus it already has keeps the counters. Fixed windows aligned to
 * the clock (the key names its window), each increment a compare-and-set on the key's revision,
 * so concurrent replicas never lose a count. When the bus is away, the plugin's `skipOnError`
 * lets requests through (the limit is a brake, not an authorisation) and the error is counted.
 */
export function keyValueStore(bucket: () => Promise<CounterBucket>, now: () => number = Date.now) {
  let counters: Promise<KeyValueCounters> | undefined;
  const shared = () => (counters ??= bucket().then((b) => new KeyValueCounters(b), (error: unknown) => {
    counters = undefined;
    throw error;
  }));
  return class KeyValueRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      shared()
        .then((c) => c.increment(key, timeWindow, now()))
        .then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return new KeyValueRateLimitStore();
    }
  };
}

interface Waiter {
  resolve: (count: number) => void;
  reject: (error: unknown) => void;
}

/**
 * One replica's view of the shared counters. Requests for the same key that arrive while a
 * write to it is under way are added together in the next write, so a burst from one address
 * costs a write per round trip rather than a compare-and-set race per request; the races left
 * are between replicas, and each is settled by reading again.
 */
export class KeyValueCounters {
  private readonly queued = new Map<string, Waiter[]>();
  private readonly writing = new Set<string>();

  constructor(private readonly bucket: CounterBucket) {}

  /** Adds one to `key`'s count in the window that holds `at`; answers the count and the ms left in the window. */
  async increment(key: string, timeWindow: number, at: number): Promise<{ current: number; ttl: number }> {
    const window = Math.floor(at / timeWindow);
    const ttl = (window + 1) * timeWindow - at;
    // KV keys are subject tokens; a client_id or an IPv6 address is not. The hash keeps them off the bus too.
    const name = `${createHash('sha256').update(key).digest('base64url')}.${timeWindow}.${window}`;
    const current = await new Promise<number>((resolve, reject) => {
      const waiters = this.queued.get(name) ?? [];
      waiters.push({ resolve, reject });
      this.queued.set(name, waiters);
      if (!this.writing.has(name)) void this.drain(name);
    });
    return { current, ttl };
  }

  private async drain(name: string): Promise<void> {
    this.writing.add(name);
    try {
      for (let waiters = this.queued.get(name); waiters; waiters = this.queued.get(name)) {
        this.queued.delete(name);
        try {
          const total = await add(this.bucket, name, waiters.length);
          waiters.forEach((w, i) => w.resolve(total - waiters.length + 1 + i));
        } catch (error) {
          waiters.forEach((w) => w.reject(error));
        }
      }
    } finally {
      this.writing.delete(name);
    }
  }
}

/** Adds `n` to the count under `name` by compare-and-set; answers the new count. */
async function add(bucket: CounterBucket, name: string, n: number): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await bucket.get(name);
    const live = entry !== null && entry.operation === 'PUT';
    const total = (live ? Number(entry.string()) : 0) + n;
    try {
      if (live) await bucket.update(name, String(total), entry.revision);
      else await bucket.create(name, String(total));
      return total;
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      // Another replica counted first: read again.
    }
  }
  throw new Error(`rate-limit counter ${name}: ${MAX_ATTEMPTS} concurrent writes in a row`);
}

/** The server refused the compare-and-set: the key's revision moved on (JetStream error 10071). */
function isWrongRevision(error: unknown): boolean {
  const { api_error: apiError, message } = (error ?? {}) as { api_error?: { err_code?: number }; message?: string };
  return apiError?.err_code === 10071 || /wrong last sequence|key exists/i.test(message ?? '');
}
