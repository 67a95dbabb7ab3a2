import { type CustomTransportStrategy, NatsContext, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { copyAsWire, inProcBus } from './inproc-bus';

/**
 * Nest microservice server on the in-process bus; handlers get a NatsContext, as over NATS.
 * `@EventPattern` handlers receive every event published on their subject.
 */
export class InProcServer extends Server implements CustomTransportStrategy {
  private unregister: Array<() => void> = [];

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
      this.unregister.push(
        bus.register(subject, async (data, headers) => {
          const context = new NatsContext([subject, headers]);
          const result$ = this.transformToObservable(await handler(copyAsWire(data), context));
          return copyAsWire(await lastValueFrom(result$, { defaultValue: undefined }));
        }),
      );
    }
    callback();
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
