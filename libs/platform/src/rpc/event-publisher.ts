import { Inject, Injectable } from '@nestjs/common';
import { type ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { CORRELATION_HEADER, type EventMessage, type SentBy, parseMessage } from '@mandate/contracts';
import { headers as natsHeaders } from 'nats';
import { lastValueFrom } from 'rxjs';
import { LOGGER, type Logger } from '../logging/logger';
import { currentCorrelationId } from '../logging/correlation';
import { RPC_TRANSPORT_CLIENT } from './rpc.client';

/**
 * Publishes a fan-out event with the correlation id, and waits until the NATS server has it
 * (a flush), so that the event reaches every subscriber before anything the caller answers next.
 * Publishing never throws: a lost event is logged and left to the receivers' cache expiry.
 */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(RPC_TRANSPORT_CLIENT) private readonly transport: ClientProxy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async publish<M extends EventMessage>(message: M, event: SentBy<M>): Promise<void> {
    const { subject } = message;
    try {
      parseMessage(subject, message.event, event);
    } catch (err) {
      this.logger.error({ subject, err }, 'refused to publish an event that violates its contract');
      return;
    }
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    try {
      await lastValueFrom(this.transport.emit(subject, new NatsRecordBuilder(event).setHeaders(headers).build()), { defaultValue: undefined });
      const flushed = (this.transport as Partial<{ flushed(): Promise<void> }>).flushed;
      if (typeof flushed === 'function') await flushed.call(this.transport);
    } catch (err) {
      this.logger.warn({ subject, err }, 'could not publish an event');
    }
  }
}
