import { Injectable } from '@nestjs/common';
import { type ConfigChangedEvent, Messages } from '@mandate/contracts';
import { EventPublisher } from '@mandate/platform';

/**
 * Publishes `registration.config.changed` after a committed write, so that every service drops
 * what it cached (issue 4 point 6). Publishing never fails the write: while the bus is away the
 * event waits in EventPublisher's backlog and goes out when it is back.
 */
@Injectable()
export class ConfigChangePublisher {
  constructor(private readonly events: EventPublisher) {}

  changed(event: ConfigChangedEvent): Promise<void> {
    return this.events.publish(Messages.registration.configChanged, event);
  }
}
