import { Controller } from '@nestjs/common';
import { Messages, type SessionEndedEvent } from '@mandate/contracts';
import { Handles } from '../rpc/handles.decorator';
import { SessionClient } from './session.client';

/**
 * Receives `authn.session.ended`. The empty queue name makes it a plain NATS subscription:
 * every instance of every service gets every event, so a logout takes effect everywhere at once.
 */
@Controller()
export class SessionEndedHandler {
  constructor(private readonly sessions: SessionClient) {}

  @Handles(Messages.authn.sessionEnded)
  ended(event: SessionEndedEvent): void {
    this.sessions.endedEvent(event);
  }
}
