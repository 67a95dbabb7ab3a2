import DataLoader from 'dataloader';

/** The most calls one statement serves; a larger batch is split. A power of two. */
export const MAX_STATEMENT_BATCH = 32;

/**
 * Calls made during one event-loop turn, served by one statement: the calls of every request
 * that turn brought in (NATS hands a service many requests per socket read under load) share a
 * round trip to Postgres and its per-statement work. DataLoader does the gathering, without its
 * cache: a token's state must be read, never remembered. It waits for the end of the turn
 * (`setImmediate`), as the NATS flush does, so a lone call waits no longer than that turn.
 */
function batched<K, V>(run: (keys: readonly K[]) => Promise<Array<V | Error>>): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(run, {
    cache: false,
    maxBatchSize: MAX_STATEMENT_BATCH,
    batchScheduleFn: (dispatch) => setImmediate(dispatch),
  });
  return (key) => loader.load(key);
}

/**
 * Key lookups, one statement a batch. `run` gets the keys padded to a power of two (the last
 * key repeated), so the statements built from them stay a small set of texts, each prepared once
 * per connection (see preparedSql), and answers with one value per key, in order.
 */
export function batchedLookup<K, V>(run: (keys: readonly K[]) => Promise<V[]>): (key: K) => Promise<V> {
  return batched<K, V>(async (keys) => {
    const padded = [...keys];
    while (padded.length & (padded.length - 1)) padded.push(keys[keys.length - 1]);
    return (await run(padded)).slice(0, keys.length);
  });
}

/**
 * Writes, one statement a batch, each call still all or nothing: `write` must write every call
 * it is given or none (one statement is). When a batch fails, each of its calls is written again
 * on its own, so one bad call fails alone, with its own error, and the others land.
 */
export function batchedWrite<K>(write: (calls: readonly K[]) => Promise<void>): (call: K) => Promise<void> {
  return batched<K, void>(async (calls) => {
    try {
      await write(calls);
      return calls.map(() => undefined);
    } catch (error) {
      if (calls.length === 1) return [asError(error)];
      return Promise.all(calls.map((call) => write([call]).then(() => undefined, asError)));
    }
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
