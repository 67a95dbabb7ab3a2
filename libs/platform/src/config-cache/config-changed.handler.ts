import { Controller } from '@nestjs/common';
import { type ConfigChangedEvent, Messages } from '@mandate/contracts';
import { Handles } from '../rpc/handles.decorator';
import { ConfigCaches } from './config-caches';

/**
 * Receives `registration.config.changed`. The empty queue name makes it a plain NATS
 * subscription: every instance of every service gets every event, not one per queue group.
 */
@Controller()
export class ConfigChangedHandler {
  constructor(private readonly caches: ConfigCaches) {}

  @Handles(Messages.registration.configChanged)
  changed(event: ConfigChangedEvent): void {
    this.caches.changed(event);
  }
}
