import { Inject, Injectable } from '@nestjs/common';
import { type ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { CORRELATION_HEADER, type ConfigChangedEvent, Subjects } from '@mandate/contracts';
import { LOGGER, type Logger, RPC_TRANSPORT_CLIENT, currentCorrelationId } from '@mandate/platform';
import { headers as natsHeaders } from 'nats';
import { lastValueFrom } from 'rxjs';

/**
 * Publishes `registration.config.changed` after a committed write, so that every service drops
 * what it cached (issue 4 point 6). Publishing never fails the write: a lost event is covered
 * by the caches' expiry.
 */
@Injectable()
export class ConfigChangePublisher {
  constructor(
    @Inject(RPC_TRANSPORT_CLIENT) private readonly transport: ClientProxy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async changed(event: ConfigChangedEvent): Promise<void> {
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    try {
      await lastValueFrom(this.transport.emit(Subjects.registration.configChanged, new NatsRecordBuilder(event).setHeaders(headers).build()), {
        defaultValue: undefined,
      });
      this.logger.debug({ event }, 'configuration changed');
    } catch (err) {
      this.logger.warn({ event, err }, 'could not publish a configuration change');
    }
  }
}
