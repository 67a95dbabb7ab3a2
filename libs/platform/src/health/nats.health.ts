import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { RPC_TRANSPORT_CLIENT } from '../rpc/rpc.client';
import { transportConfig, type TransportConfig } from '../config/slices';

/** Ready when the NATS connection answers a round trip to the server (always, in-process). */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(RPC_TRANSPORT_CLIENT) private readonly client: ClientProxy,
    @Inject(transportConfig.token) private readonly config: TransportConfig,
  ) {}

  async check(key = 'nats') {
    const indicator = this.indicators.check(key);
    if (this.config.MANDATE_TRANSPORT === 'inproc') return indicator.up({ transport: 'inproc' });
    try {
      await this.client.connect();
      const connection = this.client.unwrap<NatsConnection>();
      if (connection.isClosed()) return indicator.down({ message: 'connection closed' });
      await Promise.race([
        connection.flush(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('flush timed out')), 1000).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
