import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type KeysRotatedEvent, Subjects, keysRotatedEventSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { KeyService } from './key.service';

/**
 * Receives `token.keys.rotated`. The empty queue name makes it a plain NATS subscription: every
 * replica gets every event and reloads the realm's keys on its next use.
 */
@Controller()
export class KeysRotatedHandler {
  constructor(private readonly keys: KeyService) {}

  @EventPattern(Subjects.token.keysRotated, { queue: '' })
  rotated(@Payload(new ContractPipe(Subjects.token.keysRotated, keysRotatedEventSchema)) event: KeysRotatedEvent): void {
    this.keys.forget(event.realm);
  }
}
