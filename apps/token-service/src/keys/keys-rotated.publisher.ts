import { Injectable } from '@nestjs/common';
import { type KeysRotatedEvent, Messages } from '@mandate/contracts';
import { EventPublisher } from '@mandate/platform';

/**
 * Publishes `token.keys.rotated` after a committed rotation, so that every token-service
 * replica drops its cached key ring for the realm. Publishing never fails the rotation: while the
 * bus is away the event waits in EventPublisher's backlog; should it still be lost (the process
 * dies first), the rings' expiry (KEY_RING_CACHE_MS) covers it, which the retired key's
 * publication already allows for.
 */
@Injectable()
export class KeysRotatedPublisher {
  constructor(private readonly events: EventPublisher) {}

  rotated(event: KeysRotatedEvent): Promise<void> {
    return this.events.publish(Messages.token.keysRotated, event);
  }
}
