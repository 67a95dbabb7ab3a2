import { Controller } from '@nestjs/common';
import { type EventResync, type KeysRotatedEvent, Messages, isEventResync } from '@mandate/contracts';
import { EventResyncs, Handles } from '@mandate/platform';
import { KeyService } from './key.service';

/**
 * Receives `token.keys.rotated`. The empty queue name makes it a plain NATS subscription: every
 * replica gets every event and reloads the realm's keys on its next use. A resync (events lost at
 * the publisher) or a reconnect of this process drops every realm's ring.
 */
@Controller()
export class KeysRotatedHandler {
  constructor(
    private readonly keys: KeyService,
    resyncs: EventResyncs,
  ) {
    resyncs.onResync(() => keys.forgetAll());
  }

  @Handles(Messages.token.keysRotated)
  rotated(event: KeysRotatedEvent | EventResync): void {
    if (isEventResync(event)) this.keys.forgetAll();
    else this.keys.forget(event.realm);
  }
}
