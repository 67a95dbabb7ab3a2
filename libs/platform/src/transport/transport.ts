import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import type { TransportConfig } from '../config/slices';
import type { DirectRequests } from './await-reply';
import { DrainingNatsServer } from './draining-nats.server';
import { InProcClient } from './inproc.client';
import { InProcServer } from './inproc.server';
import type { MessageInstrumentation } from './message-observer';
import { MuxNatsClient } from './mux-nats.client';

/*
 * The one switch between the two ways to run Mandate: NATS between processes, or the
 * in-process bus. A service listens in a queue group named after itself, so replicas share load.
 */

/** Nest's client API (events, `send`) plus the promise request path RpcClient uses. */
export type RpcTransport = ClientProxy & DirectRequests;

/** What the server does around each request: metrics (`observer`) and, with tracing on, spans. */
export type ServerInstrumentation = Partial<Pick<MessageInstrumentation, 'observer' | 'tracer' | 'service'>>;

/** One NATS connection, named for `nats-server`'s connection list; it reconnects for ever. */
function natsConnection(config: TransportConfig, name: string) {
  return { servers: [config.NATS_URL], name, maxReconnectAttempts: -1, reconnectTimeWait: 250 };
}

export function serverOptions(config: TransportConfig, queue: string, instrument: ServerInstrumentation = {}): MicroserviceOptions {
  const strategy =
    config.MANDATE_TRANSPORT === 'inproc'
      ? new InProcServer()
      : new DrainingNatsServer({ ...natsConnection(config, queue), queue }, config.RPC_TIMEOUT_MS);
  Object.assign(strategy.instrumentation, instrument);
  return { strategy };
}

export function createClient(config: TransportConfig, name: string): RpcTransport {
  if (config.MANDATE_TRANSPORT === 'inproc') return new InProcClient();
  const client = new MuxNatsClient(natsConnection(config, name));
  return client as unknown as RpcTransport; // its status stream is typed NatsStatus, ClientProxy says string
}
