import { Controller } from '@nestjs/common';
import { type KeysRotatedEvent, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { KeyService } from './key.service';

/**
 * Receives `token.keys.rotated`. The empty queue name makes it a plain NATS subscription: every
 * replica gets every event and reloads the realm's keys on its next use.
 */
@Controller()
export class KeysRotatedHandler {
  constructor(private readonly keys: KeyService) {}

  @Handles(Messages.token.keysRotated)
  rotated(event: KeysRotatedEvent): void {
    this.keys.forget(event.realm);
  }
}
