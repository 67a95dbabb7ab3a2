import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import type { TransportConfig } from '../config/slices';
import { InProcClient } from './inproc.client';
import { InProcServer } from './inproc.server';
import { DrainingNatsServer } from './draining-nats.server';
import { MuxNatsClient } from './mux-nats.client';
import type { DirectRequests } from './await-reply';

/** Nest's client API (events, `send`) plus the promise request path RpcClient uses. */
export type RpcTransport = ClientProxy & DirectRequests;
import type { MessageInstrumentation } from './message-observer';

/**
 * The one switch between the two ways to run Mandate: NATS between processes, or the
 * in-process bus. A service listens in a queue group named after itself, so replicas share load.
 */
/** What the server does around each request: metrics (`observer`) and, with tracing on, spans. */
export type ServerInstrumentation = Partial<Pick<MessageInstrumentation, 'observer' | 'tracer' | 'service'>>;

export function serverOptions(config: TransportConfig, queue: string, instrument: ServerInstrumentation = {}): MicroserviceOptions {
  const strategy =
    config.MANDATE_TRANSPORT === 'inproc'
      ? new InProcServer()
      : new DrainingNatsServer({ servers: [config.NATS_URL], queue, name: queue, maxReconnectAttempts: -1, reconnectTimeWait: 250 }, config.RPC_TIMEOUT_MS);
  Object.assign(strategy.instrumentation, instrument);
  return { strategy };
}

export function createClient(config: TransportConfig, name: string): RpcTransport {
  if (config.MANDATE_TRANSPORT === 'inproc') return new InProcClient();
  const client = new MuxNatsClient({ servers: [config.NATS_URL], name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  return client as unknown as RpcTransport; // its status stream is typed NatsStatus, ClientProxy says string
}
