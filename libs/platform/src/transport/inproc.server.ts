import { type CustomTransportStrategy, type MessageHandler, NatsContext, Server } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { lastValueFrom } from 'rxjs';
import { copyAsWire, inProcBus } from './inproc-bus';
import { MessageInstrumentation, callerGaveUp } from './message-observer';

/**
 * Nest microservice server on the in-process bus; handlers get a NatsContext, as over NATS.
 * `@EventPattern` handlers receive every event published on their subject.
 */
export class InProcServer extends Server implements CustomTransportStrategy {
  private unregister: Array<() => void> = [];
  readonly instrumentation = new MessageInstrumentation();

  listen(callback: () => void) {
    const bus = inProcBus();
    for (const [subject, handler] of this.getHandlers()) {
      if (handler.isEventHandler) {
        this.unregister.push(
          bus.subscribe(subject, async (data, headers) => {
            await this.handleEvent(subject, { pattern: subject, data }, new NatsContext([subject, headers]));
          }),
        );
        continue;
      }
      this.unregister.push(bus.register(subject, (data, headers) => this.instrumentation.run(headers, () => this.handleRequest(subject, handler, data, headers), subject)));
    }
    callback();
  }

  private async handleRequest(subject: string, handler: MessageHandler, data: unknown, headers: MsgHdrs | undefined): Promise<unknown> {
    if (callerGaveUp()) {
      // No reply, as over NATS: a promise that never settles (nothing holds it once the caller's bound fired).
      this.instrumentation.dropped(subject);
      return new Promise(() => undefined);
    }
    const started = process.hrtime.bigint();
    const span = this.instrumentation.span();
    try {
      const context = new NatsContext([subject, headers]);
      const result$ = this.transformToObservable(await handler(copyAsWire(data), context));
      const reply = copyAsWire(await lastValueFrom(result$, { defaultValue: undefined }));
      this.instrumentation.settled(subject, started, undefined, span);
      return reply;
    } catch (error) {
      this.instrumentation.settled(subject, started, error ?? 'error', span);
      throw error;
    }
  }

  close() {
    this.unregister.forEach((off) => off());
    this.unregister = [];
  }

  on() {
    throw new Error('InProcServer emits no events');
  }

  unwrap<T>(): T {
    return inProcBus() as T;
  }
}
