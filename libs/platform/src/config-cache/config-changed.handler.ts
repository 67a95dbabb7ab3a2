import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConfigChangedEvent, Subjects, configChangedEventSchema } from '@mandate/contracts';
import { ContractPipe } from '../rpc/contract.pipe';
import { ConfigCaches } from './config-caches';

/**
 * Receives `registration.config.changed`. The empty queue name makes it a plain NATS
 * subscription: every instance of every service gets every event, not one per queue group.
 */
@Controller()
export class ConfigChangedHandler {
  constructor(private readonly caches: ConfigCaches) {}

  @EventPattern(Subjects.registration.configChanged, { queue: '' })
  changed(@Payload(new ContractPipe(Subjects.registration.configChanged, configChangedEventSchema)) event: ConfigChangedEvent): void {
    this.caches.changed(event);
  }
}
