import { Injectable } from '@nestjs/common';
import { type KeysRotatedEvent, Messages } from '@mandate/contracts';
import { EventPublisher } from '@mandate/platform';

/**
 * Publishes `token.keys.rotated` after a committed rotation, so that every token-service
 * replica drops its cached key ring for the realm. Publishing never fails the rotation: a lost
 * event is covered by the rings' expiry (KEY_RING_CACHE_MS), which the retired key's
 * publication already allows for.
 */
@Injectable()
export class KeysRotatedPublisher {
  constructor(private readonly events: EventPublisher) {}

  rotated(event: KeysRotatedEvent): Promise<void> {
    return this.events.publish(Messages.token.keysRotated, event);
  }
}
