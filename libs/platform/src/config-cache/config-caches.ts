import { Injectable } from '@nestjs/common';
import type { ConfigChangedEvent } from '@mandate/contracts';
import { ConfigCache, type ConfigCacheOptions } from './config-cache';

/** Every ConfigCache of one process, so that one event handler reaches them all. */
@Injectable()
export class ConfigCaches {
  private readonly caches: Array<ConfigCache<unknown>> = [];
  private readonly listeners: Array<(event: ConfigChangedEvent) => void> = [];

  create<V>(options: ConfigCacheOptions): ConfigCache<V> {
    const cache = new ConfigCache<V>(options);
    this.caches.push(cache as ConfigCache<unknown>);
    return cache;
  }

  /** Also tell `listener` about every change (tests, metrics, derived state). */
  onChange(listener: (event: ConfigChangedEvent) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  changed(event: ConfigChangedEvent): void {
    for (const cache of this.caches) cache.changed(event);
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Changes may have been missed: every cache starts over (the listeners have no event to act on). */
  resync(): void {
    for (const cache of this.caches) cache.clear();
  }
}
