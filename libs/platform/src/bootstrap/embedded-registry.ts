import type { RunningService } from './service-definition';

const REGISTRY_KEY = Symbol.for('mandate.embedded.registry');

/**
 * In the embedded mode the launcher loads every service bundle into one process. Instead of
 * starting themselves, the bundles register a start function here and the launcher calls them
 * in order. The function closes over the bundle's own copy of the libraries: classes are never
 * shared between bundles, so `instanceof` checks stay within one bundle.
 */
export interface EmbeddedEntry {
  name: string;
  role: 'service' | 'gateway';
  start(): Promise<RunningService>;
}

export function embeddedRegistry(): EmbeddedEntry[] | undefined {
  return (globalThis as unknown as Record<symbol, EmbeddedEntry[] | undefined>)[REGISTRY_KEY];
}

export function openEmbeddedRegistry(): EmbeddedEntry[] {
  const holder = globalThis as unknown as Record<symbol, EmbeddedEntry[] | undefined>;
  return (holder[REGISTRY_KEY] ??= []);
}
