import { NatsContext, type ReadPacket, ServerNats, type WritePacket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import type { Msg, Subscription } from 'nats';
import { isObservable } from 'rxjs';
import { MessageInstrumentation, callerGaveUp } from './message-observer';
import { coalesceFlushes } from './coalesced-flush';

/**
 * NATS server that stops without losing a request. Nest's own `gracefulShutdown` unsubscribes
 * and then waits a fixed grace period, and a message already on its way to an unsubscribed
 * client is dropped. This one drains each subscription (the server stops routing to us; what
 * it already sent is still handled), waits until in-flight handlers have replied, capped at
 * `drainTimeoutMs`, and only then closes the connection.
 */
export class DrainingNatsServer extends ServerNats {
  private inFlight = 0;
  private idle: Array<() => void> = [];
  private readonly routes = new Map<string, string>();
  readonly instrumentation = new MessageInstrumentation();

  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly drainTimeoutMs: number,
  ) {
    super(options);
  }

  /**
   * Nest asks for a publisher once per request and publishes the reply through it when the
   * handler's observable ends; a request is in flight until its final (disposed or error) reply.
   */
  override handleMessage(channel: string, message: Msg) {
    // Only requests (they name a reply subject) get a span; events have no reply to end it.
    if (!message.reply) return this.instrumentation.run(message.headers, () => super.handleMessage(channel, message), undefined);
    return this.instrumentation.run(message.headers, () => this.handleRequest(channel, message), channel);
  }

  /**
   * Nest's `ServerNats.handleMessage` for a request, but a handler's value is replied to at once
   * as the one final packet. Nest turns every result into an Observable and replies through
   * `send`: RxJS operators, a queue and a `process.nextTick` per request, for the same single
   * `{ response, isDisposed: true }` packet. A handler that answers with an Observable (Nest's
   * exception filters do, with the error) still goes through `send`.
   */
  private async handleRequest(channel: string, message: Msg) {
    const packet = (await this.deserializer.deserialize(message.data, { channel, replyTo: message.reply })) as { id?: string; data?: unknown };
    const context = new NatsContext([message.subject, message.headers]);
    if (packet.id === undefined) return this.handleEvent(channel, packet as ReadPacket, context);
    // Its caller has stopped waiting (the budget it sent is spent): no work, and no reply nobody reads.
    if (callerGaveUp()) return this.instrumentation.dropped(channel);
    const publish = this.getPublisher(message, packet.id, context);
    const handler = this.getHandlerByPattern(channel);
    if (!handler) return publish({ id: packet.id, status: 'error', err: NO_MESSAGE_HANDLER } as WritePacket);
    return this.onProcessingStartHook(this.transportId, context, async () => {
      const result: unknown = await handler(packet.data, context);
      if (isObservable(result)) this.send(result, publish as (packet: WritePacket) => void);
      else publish({ response: result, isDisposed: true });
    });
  }

  /**
   * Nest finds a message's handler by parsing its subject as JSON, and a plain subject such as
   * `token.resolve` makes `JSON.parse` throw: an exception per message, ~2 % of a service's CPU
   * under load. The route of each subject is kept after the first. Only subscribed subjects
   * arrive here, so the map holds one entry per handler.
   */
  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      this.routes.set(pattern, route);
    }
    return route;
  }

  /** One socket write per event-loop turn (see coalesceFlushes). */
  override async createNatsClient() {
    const connection = await super.createNatsClient();
    coalesceFlushes(connection);
    return connection;
  }

  override getPublisher(message: Msg, id: string, context: NatsContext) {
    const publish = super.getPublisher(message, id, context) as (response: WritePacket) => unknown;
    this.inFlight++;
    const started = process.hrtime.bigint();
    const span = this.instrumentation.span();
    let settled = false;
    return (response: WritePacket) => {
      const result = publish(response);
      if (!settled && (response.isDisposed || response.err !== undefined)) {
        settled = true;
        this.instrumentation.settled(context.getSubject(), started, response.err, span);
        this.inFlight--;
        if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
      }
      return result;
    };
  }

  override async close() {
    const subscriptions = (this as unknown as { subscriptions?: Subscription[] }).subscriptions ?? [];
    await Promise.allSettled(subscriptions.map((s) => s.drain()));
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.drainTimeoutMs);
        this.idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await super.close();
  }
}
