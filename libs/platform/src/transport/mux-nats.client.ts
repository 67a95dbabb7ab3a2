import { ClientNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { type Msg, type NatsConnection, createInbox } from 'nats';
import { ConnectionLostError, type DirectRequests, awaitReply } from './await-reply';
import { coalesceFlushes } from './coalesced-flush';
import { HeldProbes, type Replies } from './held-probes';

type Handler = (error: unknown, message: Msg | undefined) => Promise<unknown>;


/**
 * Nest's NATS client, but each request is one PUB whose reply comes back on the connection's one
 * reply subscription. Nest's `publish` subscribes a fresh inbox per request and unsubscribes it
 * after the reply: two more protocol commands per call and a change to the server's
 * subscription list each time.
 *
 * The replies are matched here rather than through nats.js `request()`, which arms a timer of
 * its own per request and, once the reply has resolved it, builds and throws away a "cancelled"
 * `NatsError` with its stack trace (3 % of the gateway's CPU under load). The caller's bound
 * (`awaitReply`) is the only timer; when it fires, the waiting handler is dropped. A request
 * nobody listens to gets NATS's empty 503 status reply, which Nest's handler reports as an
 * `EmptyResponseException`, as it does for its own client.
 *
 * When the connection drops (nats-server died, the network went), the requests waiting on it
 * fail at once with `ConnectionLostError` instead of waiting out their bound: a reply published
 * to the old connection's inbox is not delivered to the next one. Requests made while it is down
 * fail at once too (Nest's `connect()` rejects then) and are never queued for the reconnect, so a
 * caller that was told "unavailable" cannot have its request run later behind its back.
 * When the instance a request went to dies, HeldProbes finds it out and fails the request.
 */
export class MuxNatsClient extends ClientNats implements DirectRequests {
  private replies?: Replies;
  private probes?: HeldProbes;
  /** False from a disconnect to the reconnect: a request then fails rather than wait in nats.js's buffer. */
  private online = true;

  /** One socket write per event-loop turn (see coalesceFlushes). */
  override async createClient() {
    const connection = await super.createClient();
    coalesceFlushes(connection);
    this.online = true;
    void this.failWaitingWhenLost(connection as unknown as NatsConnection); // Nest types it as its own `Client`
    return connection;
  }

  /** Fails the requests waiting on `connection` each time it disconnects, and when it closes. */
  private async failWaitingWhenLost(connection: NatsConnection): Promise<void> {
    void connection.closed().then(() => this.failWaiting(connection));
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.online = false;
        this.failWaiting(connection);
      } else if (status.type === 'reconnect') {
        this.online = true;
      }
    }
  }

  private failWaiting(connection: NatsConnection): void {
    const replies = this.replies;
    if (replies?.connection !== connection || replies.waiting.size === 0) return;
    const lost = [...replies.waiting.values()];
    replies.waiting.clear();
    this.probes?.stop();
    const error = new ConnectionLostError();
    for (const waiting of lost) waiting.fail(error);
  }

  request(subject: string, data: unknown, timeoutMs: number): Promise<unknown> {
    return awaitReply(subject, () => this.connect(), (callback) => this.publish({ pattern: subject, data }, callback), timeoutMs);
  }

  /**
   * Resolves once the server has processed everything this connection sent (PING/PONG). An event
   * published before a reply then reaches its subscribers before anything the reply causes.
   */
  async flushed(): Promise<void> {
    const connection = (await this.connect()) as NatsConnection;
    await connection.flush();
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    if (!this.online) {
      callback({ err: new ConnectionLostError() });
      return () => undefined;
    }
    try {
      const packet = this.assignPacketId(partialPacket);
      const serialized = this.serializer.serialize(packet) as { data: Uint8Array; headers?: unknown };
      const replies = this.repliesOf((this as unknown as { natsClient: NatsConnection }).natsClient);
      const replyTo = `${replies.inbox}.${(replies.next++).toString(36)}`;
      const subject = this.normalizePattern(partialPacket.pattern);
      replies.connection.publish(subject, serialized.data, {
        reply: replyTo,
        headers: this.mergeHeaders(serialized.headers) as never,
      });
      // Registered after the PUB is queued: nothing is written before this turn ends, and a
      // publish that throws leaves no waiting entry behind.
      const handler = this.createSubscriptionHandler(packet, callback) as Handler;
      replies.waiting.set(replyTo, {
        deliver: (message) => void handler(undefined, message).catch((error: unknown) => callback({ err: error })),
        fail: (error) => callback({ err: error }),
        subject,
        since: performance.now(),
      });
      this.probes?.watch();
      return () => replies.waiting.delete(replyTo);
    } catch (error) {
      callback({ err: error });
      return () => undefined;
    }
  }

  /** The connection's reply subscription, made on its first request (nats.js renews it on reconnect). */
  private repliesOf(connection: NatsConnection): Replies {
    if (this.replies?.connection === connection) return this.replies;
    // Below the connection's own prefix: its NATS identity may subscribe to no other inbox.
    const prefix = (this.options as { inboxPrefix?: string }).inboxPrefix;
    const replies: Replies = { connection, inbox: createInbox(prefix), waiting: new Map(), next: 0 };
    connection.subscribe(`${replies.inbox}.*`, {
      callback: (error, message) => {
        if (error) return; // the subscription closed with its connection; callers time out
        const waiting = replies.waiting.get(message.subject);
        if (!waiting) return; // a reply after the caller gave up
        if (!waiting.many) replies.waiting.delete(message.subject);
        waiting.deliver(message);
      },
    });
    this.probes?.stop();
    this.probes = new HeldProbes(replies);
    this.replies = replies;
    return replies;
  }
}
