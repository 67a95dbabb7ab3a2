import { readFileSync } from 'node:fs';
import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import { nkeyAuthenticator } from 'nats';
import { inboxPrefix } from '@mandate/contracts';
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

/**
 * One NATS connection, named for `nats-server`'s connection list; it reconnects for ever. With
 * a seed file it signs the server's nonce as this process's identity (the file is read again
 * on each reconnect, so a rotated seed applies without a restart); with a CA it requires TLS.
 * Its replies arrive below its own inbox prefix, the only inbox its identity may subscribe to.
 */
function natsConnection(config: TransportConfig, name: string) {
  const seedFile = config.NATS_NKEY_SEED_FILE;
  return {
    servers: [config.NATS_URL],
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    inboxPrefix: inboxPrefix(name),
    ...(seedFile ? { authenticator: nkeyAuthenticator(() => new TextEncoder().encode(readFileSync(seedFile, 'utf8').trim())) } : {}),
    ...(config.NATS_TLS_CA_FILE ? { tls: { caFile: config.NATS_TLS_CA_FILE } } : {}),
  };
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
