import type { INestMicroservice, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { BusIdentity, ReplyOf, RequestMessage, SentBy } from '@mandate/contracts';
import { RpcClient, type TransportConfig, createClient, createLogger, serverOptions } from '@mandate/platform';
import type { LocalNats } from '@mandate/testing';

/** A transport configuration that connects as `identity` to the secured test server. */
export function asIdentity(config: TransportConfig, nats: LocalNats, identity: BusIdentity): TransportConfig {
  const secrets = nats.secrets;
  if (!secrets) throw new Error('the test server runs without identities');
  return { ...config, NATS_NKEY_SEED_FILE: secrets.seedFile(identity), NATS_TLS_CA_FILE: secrets.caFile };
}

/**
 * Serves each fake as the service it stands in for, over its own connection and identity: the
 * test bus enforces the generated permissions, so registration-service cannot answer
 * `authn.session.validate` itself, and the fakes must be who the catalogue says serves them.
 */
export async function servePeerFakes(config: TransportConfig, nats: LocalNats, fakes: Array<[BusIdentity, Type]>): Promise<INestMicroservice[]> {
  const servers: INestMicroservice[] = [];
  for (const [identity, controller] of fakes) {
    const module = await Test.createTestingModule({ controllers: [controller] }).compile();
    const server = module.createNestMicroservice(serverOptions(asIdentity(config, nats, identity), identity));
    server.useLogger(false);
    await server.listen();
    servers.push(server);
  }
  return servers;
}

/**
 * Sends each message as its first caller in the catalogue (the gateway for admin routes,
 * token-service for `registration.client.get`, …), one connection per identity: on the
 * secured test bus a message is only ever sent by someone allowed to send it.
 */
export class CatalogueCallers {
  private readonly clients = new Map<BusIdentity, RpcClient>();

  constructor(
    private readonly config: TransportConfig,
    private readonly nats: LocalNats,
  ) {}

  request<M extends RequestMessage>(message: M, payload: SentBy<M>): Promise<ReplyOf<M>> {
    const caller = message.calledBy[0];
    if (!caller) throw new Error(`nobody may call ${message.subject}`);
    return this.as(caller).request(message, payload);
  }

  /** The client that speaks as `identity`. */
  as(identity: BusIdentity): RpcClient {
    let client = this.clients.get(identity);
    if (!client) {
      const config = asIdentity(this.config, this.nats, identity);
      client = new RpcClient(createClient(config, identity), config, createLogger(identity, 'silent'));
      this.clients.set(identity, client);
    }
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.onApplicationShutdown()));
  }
}
