import { Inject, Injectable } from '@nestjs/common';
import { type ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { CORRELATION_HEADER, type KeysRotatedEvent, Subjects } from '@mandate/contracts';
import { LOGGER, type Logger, RPC_TRANSPORT_CLIENT, currentCorrelationId } from '@mandate/platform';
import { headers as natsHeaders } from 'nats';
import { lastValueFrom } from 'rxjs';

/**
 * Publishes `token.keys.rotated` after a committed rotation, so that every token-service
 * replica drops its cached key ring for the realm. Publishing never fails the rotation: a lost
 * event is covered by the rings' expiry (KEY_RING_CACHE_MS), which the retired key's
 * publication already allows for.
 */
@Injectable()
export class KeysRotatedPublisher {
  constructor(
    @Inject(RPC_TRANSPORT_CLIENT) private readonly transport: ClientProxy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async rotated(event: KeysRotatedEvent): Promise<void> {
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    try {
      await lastValueFrom(this.transport.emit(Subjects.token.keysRotated, new NatsRecordBuilder(event).setHeaders(headers).build()), { defaultValue: undefined });
    } catch (err) {
      this.logger.warn({ event, err }, 'could not publish a signing key rotation');
    }
  }
}
