import { NatsContext, type ReadPacket, ServerNats, type WritePacket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { heldSubject } from '@mandate/contracts';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { isObservable } from 'rxjs';
import { MessageInstrumentation, callerGaveUp } from './message-observer';
import { coalesceFlushes } from './coalesced-flush';

/** Reply subjects one held probe may ask about (a caller's waiting requests of one subject). */
const MAX_PROBED = 10_000;

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
  /** The reply subjects of the requests received and not yet answered: what `answerHeld` claims. */
  private readonly held = new Set<string>();
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
    // Held from the moment it is read, before any await: a probe read after it finds it.
    if (message.reply) this.held.add(message.reply);
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
    let packet: { id?: string; data?: unknown };
    try {
      packet = (await this.deserializer.deserialize(message.data, { channel, replyTo: message.reply })) as typeof packet;
    } catch (error) {
      this.held.delete(message.reply ?? '');
      throw error;
    }
    const context = new NatsContext([message.subject, message.headers]);
    // Not a request after all (no id), or one its caller has stopped waiting for (the budget it
    // sent is spent): no reply will go, and for the latter no work is done.
    if (packet.id === undefined || callerGaveUp()) this.held.delete(message.reply ?? '');
    if (packet.id === undefined) return this.handleEvent(channel, packet as ReadPacket, context);
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

  /**
   * Before Nest's queue subscription of each request subject, a plain one to its held probe, so
   * that while any instance can have a request of that subject, a probe reaches it; when none is
   * left, the probe's caller gets no-responders. These are not Nest's subscriptions: `close`
   * keeps them until the drained requests are answered, and a probe meanwhile finds them held.
   */
  override bindEvents(client: Parameters<ServerNats['bindEvents']>[0]) {
    const connection = client as unknown as NatsConnection;
    for (const [channel, handler] of this.messageHandlers) {
      if (handler.isEventHandler) continue;
      connection.subscribe(heldSubject(channel), { callback: (error, probe) => error || this.answerHeld(probe) });
    }
    super.bindEvents(client);
  }

  /**
   * A caller lists reply subjects of its requests (`{"replies": [...]}`); the answer names those
   * this instance is handling, and no answer means none. Only subjects below the probe's own reply
   * inbox are looked at: a caller learns nothing of other callers' requests.
   */
  private answerHeld(probe: Msg): void {
    if (!probe.reply) return;
    let replies: unknown;
    try {
      replies = (JSON.parse(new TextDecoder().decode(probe.data)) as { replies?: unknown }).replies;
    } catch {
      return;
    }
    if (!Array.isArray(replies)) return;
    const inbox = probe.reply.slice(0, probe.reply.lastIndexOf('.') + 1);
    const held = replies.slice(0, MAX_PROBED).filter((r): r is string => typeof r === 'string' && r.startsWith(inbox) && this.held.has(r));
    if (held.length > 0) probe.respond(JSON.stringify({ held }));
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
        this.held.delete(message.reply ?? '');
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
