import { availableParallelism } from 'node:os';

/** The script pool's shape. Every field is optional; defaults below. */
export interface ScriptPoolOptions {
  /** Worker threads that run scripts at once, each with its own QuickJS engine. */
  size?: number;
  /** How long a script waits for a free worker before it fails (`ScriptError` kind `busy`). */
  queueTimeoutMs?: number;
  /**
   * V8 heap cap of each worker (`resourceLimits.maxOldGenerationSizeMb`): the backstop behind
   * QuickJS's own per-run heap limit, which is what a script normally meets. A run's
   * `memoryBytes` may be at most a quarter of it.
   */
  workerHeapMb?: number;
}

export type ResolvedScriptPoolOptions = Required<ScriptPoolOptions>;

/** Defaults: min(2, cores) workers, a 1 s queue deadline, 128 MiB of V8 heap per worker. */
export const DEFAULT_SCRIPT_POOL_OPTIONS: ResolvedScriptPoolOptions = Object.freeze({
  size: Math.min(2, availableParallelism()),
  queueTimeoutMs: 1_000,
  workerHeapMb: 128,
});

export const SCRIPT_POOL_BOUNDS: Record<keyof ScriptPoolOptions, readonly [number, number]> = {
  size: [1, 64],
  queueTimeoutMs: [1, 60_000],
  workerHeapMb: [64, 2048],
};

/** Fills in defaults and rejects out-of-range options (a configuration mistake). */
export function resolveScriptPoolOptions(options: ScriptPoolOptions = {}): ResolvedScriptPoolOptions {
  const resolved = { ...DEFAULT_SCRIPT_POOL_OPTIONS };
  for (const key of Object.keys(SCRIPT_POOL_BOUNDS) as (keyof ScriptPoolOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const [min, max] = SCRIPT_POOL_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Script pool option ${key} must be an integer between ${min} and ${max}, got ${value}`);
    }
    resolved[key] = value;
  }
  return resolved;
}
