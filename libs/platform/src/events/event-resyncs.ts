import { Injectable } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';

/**
 * Everything this process derived from the events it receives, and how to drop it. NATS
 * delivers an event to the subscriptions that exist when it arrives: while this process's
 * connection is away (a NATS restart, a network break, a slow-consumer cut) the events published
 * meanwhile are gone for it, and nats.js only subscribes again. Nothing says which ones it
 * missed, so after every reconnect each event-fed cache starts over and reads afresh; the event
 * handlers register their caches here.
 */
@Injectable()
export class EventResyncs {
  private readonly resyncs: Array<() => void> = [];

  onResync(resync: () => void): void {
    this.resyncs.push(resync);
  }

  resyncAll(): void {
    for (const resync of this.resyncs) resync();
  }
}

/**
 * Resyncs on every reconnect of the connection whose status Nest reports (`connected`, then
 * `disconnected`/`reconnecting`, then `connected` again). The first `connected` is the start,
 * not a reconnect. The in-process transport never reports: it cannot lose an event.
 */
export function resyncAfterReconnects(status: Observable<string>, resyncs: EventResyncs): Subscription {
  let previous: string | undefined;
  return status.subscribe((current) => {
    if (current === 'connected' && previous !== undefined && previous !== 'connected') resyncs.resyncAll();
    previous = current;
  });
}
