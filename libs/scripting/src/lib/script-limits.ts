/** Per-run resource limits of the sandbox. Every field is optional; defaults below. */
export interface ScriptLimits {
  /** CPU deadline for the whole run (bindings, script, promise jobs), enforced by QuickJS's interrupt handler. */
  timeoutMs?: number;
  /** Heap limit of the run's QuickJS runtime (`setMemoryLimit`). */
  memoryBytes?: number;
  /** QuickJS stack limit (`setMaxStackSize`). Kept small: the interpreter also uses the host's native stack. */
  stackBytes?: number;
}

export type ResolvedScriptLimits = Required<ScriptLimits>;

/** Defaults (issue 4.5): 500 ms, 16 MiB heap, 192 KiB stack (≈1,100 nested JS calls). */
export const DEFAULT_SCRIPT_LIMITS: ResolvedScriptLimits = Object.freeze({
  timeoutMs: 500,
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 192 * 1024,
});

const BOUNDS: Record<keyof ScriptLimits, readonly [number, number]> = {
  timeoutMs: [1, 60_000],
  memoryBytes: [1024 * 1024, 512 * 1024 * 1024],
  // Above ~256 KiB a deep recursion can exhaust the host's native stack before QuickJS's own check fires.
  stackBytes: [32 * 1024, 256 * 1024],
};

/** Fills in defaults and rejects out-of-range limits (a configuration mistake, not a script failure). */
export function resolveScriptLimits(limits: ScriptLimits = {}): ResolvedScriptLimits {
  const resolved = { ...DEFAULT_SCRIPT_LIMITS };
  for (const key of Object.keys(BOUNDS) as (keyof ScriptLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    const [min, max] = BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Script limit ${key} must be an integer between ${min} and ${max}, got ${value}`);
    }
    resolved[key] = value;
  }
  return resolved;
}
