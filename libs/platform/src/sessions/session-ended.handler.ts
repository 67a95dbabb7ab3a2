import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type SessionEndedEvent, Subjects, sessionEndedEventSchema } from '@mandate/contracts';
import { ContractPipe } from '../rpc/contract.pipe';
import { SessionClient } from './session.client';

/**
 * Receives `authn.session.ended`. The empty queue name makes it a plain NATS subscription:
 * every instance of every service gets every event, so a logout takes effect everywhere at once.
 */
@Controller()
export class SessionEndedHandler {
  constructor(private readonly sessions: SessionClient) {}

  @EventPattern(Subjects.authn.sessionEnded, { queue: '' })
  ended(@Payload(new ContractPipe(Subjects.authn.sessionEnded, sessionEndedEventSchema)) event: SessionEndedEvent): void {
    this.sessions.endedEvent(event);
  }
}
