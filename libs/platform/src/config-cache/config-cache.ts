import type { ConfigChangedEvent, ConfigKind } from '@mandate/contracts';

export interface ConfigCacheOptions {
  /** Entries are keyed by this kind's ids: an event of this kind drops the entry with its id. */
  kind?: ConfigKind;
  /** Events of these kinds drop every entry of their realm (derived data, or keys that are not ids). */
  dropRealmOn?: ConfigKind[];
  /**
   * Last safety net for a lost event: an entry is read again after this long at the latest.
   * Publishers keep what the bus did not take and resync when they had to give events up or
   * restart, and a receiver resyncs after each reconnect (EventPublisher, EventResyncs); what is
   * left is a publisher that died and never came back. Default 60 s.
   */
  ttlMs?: number;
  /** Bound on entries; when reached, the cache starts over. Default 10 000. */
  max?: number;
}

interface Entry<V> {
  realm: string;
  value: V;
  until: number;
}

/**
 * Configuration read from registration-service, kept until a `registration.config.changed`
 * event says it changed (contract: a change is in effect everywhere within a second, without
 * a database read per request). A load that was running while a change arrived is not
 * stored, so a stale answer never outlives the event that replaced it.
 */
export class ConfigCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly pending = new Map<string, Promise<V>>();
  private generation = 0;
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(private readonly options: ConfigCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.max = options.max ?? 10_000;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(realm: string, id: string, load: () => Promise<V>): Promise<V> {
    const key = keyOf(realm, id);
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const loading = load().finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    const value = await loading;
    if (generation === this.generation) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, { realm, value, until: Date.now() + this.ttlMs });
    }
    return value;
  }

  /** Applies a change event: drops what it makes stale. */
  changed(event: ConfigChangedEvent): void {
    if (this.options.dropRealmOn?.includes(event.kind)) {
      this.generation++;
      this.pending.clear();
      for (const [key, entry] of this.entries) if (entry.realm === event.realm) this.entries.delete(key);
    } else if (event.kind === this.options.kind) {
      this.generation++;
      const key = keyOf(event.realm, event.id);
      this.pending.delete(key);
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.generation++;
    this.pending.clear();
    this.entries.clear();
  }
}

function keyOf(realm: string, id: string): string {
  return `${realm}\u0000${id}`;
}
