import DataLoader from 'dataloader';

/** The most keys one statement looks up; a larger batch is split. A power of two. */
export const MAX_LOOKUP_BATCH = 32;

/**
 * Key lookups made during one event-loop turn, answered by one statement: the lookups of every
 * request that turn brought in (NATS hands a service many requests per socket read under load)
 * share a round trip to Postgres. DataLoader does the gathering, without its cache: a token's
 * state must be read, never remembered.
 *
 * `run` gets the keys padded to a power of two (the last key repeated), so the statements built
 * from them stay a small set of texts, each prepared once per connection (see preparedSql), and
 * answers with one value per key, in order. Batching waits for the end of the turn
 * (`setImmediate`), as the NATS flush does, so a lone request waits no longer than that turn.
 */
export function batchedLookup<K, V>(run: (keys: readonly K[]) => Promise<V[]>): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(
    async (keys) => {
      const padded = [...keys];
      while (padded.length & (padded.length - 1)) padded.push(keys[keys.length - 1]);
      return (await run(padded)).slice(0, keys.length);
    },
    { cache: false, maxBatchSize: MAX_LOOKUP_BATCH, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );
  return (key) => loader.load(key);
}
