import { ClientNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { Msg, NatsConnection } from 'nats';
import { type DirectRequests, awaitReply } from './await-reply';
import { coalesceFlushes } from './coalesced-flush';

type Handler = (error: unknown, message: Msg | undefined) => Promise<unknown>;

/**
 * Nest's NATS client, but each request rides the connection's one multiplexed reply
 * subscription (nats.js `request`) instead of a subscription of its own. Nest's `publish`
 * subscribes a fresh inbox per request and unsubscribes it after the reply: two more protocol
 * commands per call, one of them in a write of its own, and a change to the server's
 * subscription list each time. With the shared inbox a request is one PUB and one reply.
 */
export class MuxNatsClient extends ClientNats implements DirectRequests {
  constructor(
    options: ConstructorParameters<typeof ClientNats>[0],
    /** nats.js needs a bound; the caller's own (shorter) timeout answers first. */
    private readonly requestTimeoutMs: number,
  ) {
    super(options);
  }

  /** One socket write per event-loop turn (see coalesceFlushes). */
  override async createClient() {
    const connection = await super.createClient();
    coalesceFlushes(connection);
    return connection;
  }

  request(subject: string, data: unknown, timeoutMs: number): Promise<unknown> {
    return awaitReply(subject, () => this.connect(), (callback) => this.publish({ pattern: subject, data }, callback), timeoutMs);
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let disposed = false;
    try {
      const packet = this.assignPacketId(partialPacket);
      const serialized = this.serializer.serialize(packet) as { data: Uint8Array; headers?: unknown };
      const handler = this.createSubscriptionHandler(packet, (answer) => {
        if (!disposed) callback(answer);
      }) as Handler;
      const connection = (this as unknown as { natsClient: NatsConnection }).natsClient;
      connection
        .request(this.normalizePattern(partialPacket.pattern), serialized.data, {
          timeout: this.requestTimeoutMs,
          headers: this.mergeHeaders(serialized.headers) as never,
        })
        .then(
          (message) => handler(undefined, message),
          (error: unknown) => handler(error, undefined),
        )
        .catch((error: unknown) => callback({ err: error }));
    } catch (error) {
      callback({ err: error });
    }
    return () => {
      disposed = true;
    };
  }
}
