import { Controller } from '@nestjs/common';
import { type EventResync, Messages, type SessionEndedEvent, isEventResync } from '@mandate/contracts';
import { EventResyncs } from '../events/event-resyncs';
import { Handles } from '../rpc/handles.decorator';
import { SessionClient } from './session.client';

/**
 * Receives `authn.session.ended`. The empty queue name makes it a plain NATS subscription:
 * every instance of every service gets every event, so a logout takes effect everywhere at once.
 * A resync (events lost at the publisher) or a reconnect of this process drops every cached answer.
 */
@Controller()
export class SessionEndedHandler {
  constructor(
    private readonly sessions: SessionClient,
    resyncs: EventResyncs,
  ) {
    resyncs.onResync(() => sessions.resync());
  }

  @Handles(Messages.authn.sessionEnded)
  ended(event: SessionEndedEvent | EventResync): void {
    if (isEventResync(event)) this.sessions.resync();
    else this.sessions.endedEvent(event);
  }
}
