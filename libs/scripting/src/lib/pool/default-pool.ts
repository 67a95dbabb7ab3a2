import { ScriptPool } from './script-pool';
import { resolveScriptPoolOptions, type ResolvedScriptPoolOptions, type ScriptPoolOptions } from './script-pool-options';

let pool: ScriptPool | undefined;
let configured: ScriptPoolOptions = {};

/**
 * Sets the shape of the process's script pool (a service calls it at boot with its validated
 * configuration). The pool already running is kept when its options are the same (the services
 * of the standalone process share one); with other options it is closed and replaced.
 */
export function configureScriptPool(options: ScriptPoolOptions): ScriptPool {
  const wanted = resolveScriptPoolOptions(options);
  configured = options;
  if (pool && !pool.isClosed && sameOptions(pool.options, wanted)) return pool;
  const previous = pool;
  pool = new ScriptPool(wanted);
  if (previous) void previous.close();
  return pool;
}

function sameOptions(a: ResolvedScriptPoolOptions, b: ResolvedScriptPoolOptions): boolean {
  return (Object.keys(a) as (keyof ResolvedScriptPoolOptions)[]).every((key) => a[key] === b[key]);
}

/** The process's script pool, started on first use with the configured (or default) options. */
export function scriptPool(): ScriptPool {
  pool ??= new ScriptPool(configured);
  return pool;
}

/** Stops the process's script pool (at shutdown); a later run starts a new one. */
export async function closeScriptPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
