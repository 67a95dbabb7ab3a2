import { Controller } from '@nestjs/common';
import { type ConfigChangedEvent, type EventResync, Messages, isEventResync } from '@mandate/contracts';
import { EventResyncs } from '../events/event-resyncs';
import { Handles } from '../rpc/handles.decorator';
import { ConfigCaches } from './config-caches';

/**
 * Receives `registration.config.changed`. The empty queue name makes it a plain NATS
 * subscription: every instance of every service gets every event, not one per queue group.
 * A resync (events lost at the publisher) or a reconnect of this process (events missed here)
 * drops every cached entry.
 */
@Controller()
export class ConfigChangedHandler {
  constructor(
    private readonly caches: ConfigCaches,
    resyncs: EventResyncs,
  ) {
    resyncs.onResync(() => caches.resync());
  }

  @Handles(Messages.registration.configChanged)
  changed(event: ConfigChangedEvent | EventResync): void {
    if (isEventResync(event)) this.caches.resync();
    else this.caches.changed(event);
  }
}
