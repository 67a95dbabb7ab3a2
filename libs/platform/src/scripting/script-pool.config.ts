import { availableParallelism } from 'node:os';
import { SCRIPT_POOL_BOUNDS } from '@mandate/scripting';
import { z } from 'zod';
import { defineConfig, emptyAsUnset } from '../config/config';

const bounded = ([min, max]: readonly [number, number], fallback: number) =>
  z.preprocess(emptyAsUnset, z.coerce.number().int().min(min).max(max).default(fallback));

/**
 * The script pool of a service that runs may-act or DCR scripts (token-service, registration-service).
 * - MANDATE_SCRIPT_WORKERS: worker threads that run scripts at once, each with its own QuickJS
 *   engine. Default min(2, cores).
 * - MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: how long a script waits for a free worker before its request
 *   fails like any failed script (500 `server_error`). Default 1000.
 */
export const scriptPoolConfig = defineConfig(
  'script-pool',
  z.object({
    MANDATE_SCRIPT_WORKERS: bounded(SCRIPT_POOL_BOUNDS.size, Math.min(2, availableParallelism())),
    MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: bounded(SCRIPT_POOL_BOUNDS.queueTimeoutMs, 1_000),
  }),
);
export type ScriptPoolConfig = z.infer<typeof scriptPoolConfig.schema>;
