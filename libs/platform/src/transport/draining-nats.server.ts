import { type NatsContext, ServerNats, type WritePacket } from '@nestjs/microservices';
import type { Msg, Subscription } from 'nats';
import { MessageInstrumentation } from './message-observer';
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
    return this.instrumentation.run(message.headers, () => super.handleMessage(channel, message), message.reply ? channel : undefined);
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
