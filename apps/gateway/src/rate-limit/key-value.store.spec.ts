import { type NatsConnection, connect } from 'nats';
import { KeyValueBuckets } from '@mandate/contracts';
import { type LocalNats, startLocalNats } from '@mandate/testing';
import { type CounterBucket, KeyValueCounters, keyValueStore, lazyBucket, openRateLimitBucket } from './key-value.store';

const increment = (bucket: CounterBucket, key: string, window: number, at: number) => new KeyValueCounters(bucket).increment(key, window, at);

jest.setTimeout(60_000);

/** The rate-limit counters on a real nats-server with the generated identities and permissions. */
describe('the rate-limit counters in the bus key-value bucket', () => {
  let nats: LocalNats;
  const open: NatsConnection[] = [];
  const as = async (identity: 'gateway' | 'token-service') => {
    const nc = await connect({ ...nats.connectOptions(identity), reconnect: false });
    open.push(nc);
    return nc;
  };
  const WINDOW = 60_000;

  beforeAll(async () => {
    nats = await startLocalNats({ secure: true });
  });
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('counts once per request across two gateway replicas racing on one key', async () => {
    const [a, b] = await Promise.all([as('gateway'), as('gateway')]);
    const [replicaA, replicaB] = (await Promise.all([openRateLimitBucket(a, WINDOW), openRateLimitBucket(b, WINDOW)])).map((bucket) => new KeyValueCounters(bucket));
    const at = Date.now();
    const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? replicaA : replicaB).increment('register:address|127.0.0.9', WINDOW, at)));
    // Every request got its own count: none lost to a concurrent write, none counted twice.
    expect(counts.map((c) => c.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await replicaA.increment('register:address|127.0.0.9', WINDOW, at)).current).toBe(41);
    // Another key has its own count.
    expect((await replicaB.increment('register:address|::1', WINDOW, at)).current).toBe(1);
  });

  it('starts again at one in the next window, and answers the time left in the current one', async () => {
    const counters = new KeyValueCounters(await openRateLimitBucket(await as('gateway'), WINDOW));
    const start = Math.floor(Date.now() / WINDOW) * WINDOW;
    expect(await counters.increment('token:client|a', WINDOW, start + 1_000)).toEqual({ current: 1, ttl: WINDOW - 1_000 });
    expect(await counters.increment('token:client|a', WINDOW, start + 59_000)).toEqual({ current: 2, ttl: 1_000 });
    expect(await counters.increment('token:client|a', WINDOW, start + WINDOW)).toEqual({ current: 1, ttl: WINDOW });
  });

  it('keeps the bucket from every identity but the gateway', async () => {
    const service = await as('token-service');
    await expect(openRateLimitBucket(service, WINDOW)).rejects.toThrow(/permission|timeout|TIMEOUT/i);
    const published = await service.jetstream().publish(`$KV.${KeyValueBuckets.rateLimits.name}.forged`, new TextEncoder().encode('0'), { timeout: 1_000 }).then(
      () => 'stored',
      (error: Error) => error.message,
    );
    expect(published).not.toBe('stored');
  });

  it('serves @fastify/rate-limit through its store interface, and reopens the bucket after a failed open', async () => {
    let opens = 0;
    const gateway = await as('gateway');
    const bucket = lazyBucket(async () => {
      if (++opens === 1) throw new Error('the bus is not there yet');
      return openRateLimitBucket(gateway, WINDOW);
    });
    const Store = keyValueStore(bucket);
    const store = new Store().child();
    const incr = (key: string) => new Promise<{ current: number; ttl: number } | Error>((resolve) => store.incr(key, (error, result) => resolve(error ?? result!), WINDOW, 5));
    expect(await incr('authenticate:address|10.0.0.1')).toEqual(new Error('the bus is not there yet'));
    expect(await incr('authenticate:address|10.0.0.1')).toMatchObject({ current: 1 });
    expect(await incr('authenticate:address|10.0.0.1')).toMatchObject({ current: 2 });
    expect(opens).toBe(2);
  });
});

describe('increment', () => {
  /** A bucket whose first compare-and-set on each write loses to a concurrent writer. */
  function contendedBucket(): CounterBucket & { writes: number } {
    const values = new Map<string, { value: string; revision: number }>();
    let lose = true;
    const bucket = {
      writes: 0,
      async get(key: string) {
        const entry = values.get(key);
        return entry ? ({ operation: 'PUT', revision: entry.revision, string: () => entry.value } as never) : null;
      },
      async create(key: string, value: string) {
        return bucket.write(key, value, 0);
      },
      async update(key: string, value: string, revision: number) {
        return bucket.write(key, value, revision);
      },
      async write(key: string, value: string, revision: number) {
        bucket.writes++;
        const entry = values.get(key);
        if (lose) {
          lose = false;
          // The other writer's count lands first.
          values.set(key, { value: String(Number(entry?.value ?? 0) + 1), revision: (entry?.revision ?? 0) + 1 });
          throw Object.assign(new Error('wrong last sequence'), { api_error: { err_code: 10071 } });
        }
        lose = true;
        if ((entry?.revision ?? 0) !== revision) throw Object.assign(new Error('wrong last sequence'), { api_error: { err_code: 10071 } });
        values.set(key, { value, revision: revision + 1 });
        return revision + 1;
      },
    };
    return bucket as never;
  }

  it('reads again when another replica counted first, and counts on top of it', async () => {
    const counters = new KeyValueCounters(contendedBucket());
    expect((await counters.increment('k', 1_000, 0)).current).toBe(2);
    expect((await counters.increment('k', 1_000, 0)).current).toBe(4);
  });

  it('adds a burst on one key together: one write for the first request, one for the rest', async () => {
    const writes: number[] = [];
    let stored = 0;
    const bucket: CounterBucket = {
      get: async () => (stored ? ({ operation: 'PUT', revision: stored, string: () => String(stored) } as never) : null),
      create: async (_k, v) => ((stored = Number(v)), writes.push(stored), 1),
      update: async (_k, v) => ((stored = Number(v)), writes.push(stored), 1),
    };
    const counters = new KeyValueCounters(bucket);
    const counts = await Promise.all(Array.from({ length: 10 }, () => counters.increment('k', 1_000, 0)));
    expect(counts.map((c) => c.current)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(writes).toEqual([1, 10]);
  });

  it('passes on an error that is not a lost race', async () => {
    const failing: CounterBucket = { get: async () => null, create: async () => Promise.reject(new Error('no responders')), update: async () => 0 };
    await expect(increment(failing, 'k', 1_000, 0)).rejects.toThrow('no responders');
  });
});
