import { Injectable } from '@nestjs/common';
import { type ConfigChangedEvent, Messages } from '@mandate/contracts';
import { EventPublisher } from '@mandate/platform';

/**
 * Publishes `registration.config.changed` after a committed write, so that every service drops
 * what it cached (issue 4 point 6). Publishing never fails the write: a lost event is covered
 * by the caches' expiry.
 */
@Injectable()
export class ConfigChangePublisher {
  constructor(private readonly events: EventPublisher) {}

  changed(event: ConfigChangedEvent): Promise<void> {
    return this.events.publish(Messages.registration.configChanged, event);
  }
}
