import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const REGISTRY_KEY = Symbol.for('mandate.metrics.registry');

/**
 * The process's one Prometheus registry. In the embedded mode every service bundle runs in one
 * process (each with its own copy of the libraries), so the registry lives on `globalThis`:
 * the gateway's `/metrics` then shows every service's series, told apart by their `service` label.
 * Default process metrics (CPU, memory, event loop lag, GC) are collected once per process.
 */
export function processRegistry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let registry = holder[REGISTRY_KEY];
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
    holder[REGISTRY_KEY] = registry;
  }
  return registry;
}

interface SeriesDefinition<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
}

/** The counter registered under `name`, created on first use: several apps in one process never collide. */
export function counter<L extends string>(def: SeriesDefinition<L>, registry = processRegistry()): Counter<L> {
  const existing = registry.getSingleMetric(def.name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name: def.name, help: def.help, labelNames: def.labelNames, registers: [registry] });
}

/** Latency buckets in seconds: 1 ms to 10 s, dense where an authorization server's calls fall. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The histogram registered under `name`, created on first use. */
export function histogram<L extends string>(def: SeriesDefinition<L>, registry = processRegistry()): Histogram<L> {
  const existing = registry.getSingleMetric(def.name);
  if (existing) return existing as Histogram<L>;
  return new Histogram<L>({ name: def.name, help: def.help, labelNames: def.labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
}
