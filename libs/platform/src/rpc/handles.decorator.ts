import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { type MessageDefinition, type ReceivedBy, type RequestMessage, parseMessage, receivedSchema } from '@mandate/contracts';
import type { z } from 'zod';

type MaybePromise<T> = T | Promise<T>;
/** A handler of `M`: takes the validated request (or event) and answers the reply (an event's handler answers nothing). */
export type HandlerOf<M extends MessageDefinition> = (received: ReceivedBy<M>, ...rest: never[]) => M extends RequestMessage ? MaybePromise<z.input<M['reply']>> : MaybePromise<void>;

/**
 * `@Handles(Messages.x.y)` on a method serves that message: a request in the service's queue
 * group (`@MessagePattern`), an event on a plain subscription that every instance receives
 * (`@EventPattern` with no queue). The method is typed by the definition and gets the payload
 * already validated against its schema; a violation answers the contract-violation envelope.
 */
export function Handles<M extends MessageDefinition>(message: M) {
  const schema = receivedSchema(message);
  return (target: object, key: string | symbol, descriptor: { value?: HandlerOf<M> }): void => {
    const original = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const validated = function (this: unknown, data: unknown, ...rest: unknown[]) {
      return original.call(this, parseMessage(message.subject, schema, data), ...rest);
    };
    Object.defineProperty(validated, 'name', { value: original.name });
    // Metadata other decorators put on the method stays with it.
    for (const metadataKey of Reflect.getMetadataKeys(original)) Reflect.defineMetadata(metadataKey, Reflect.getMetadata(metadataKey, original), validated);
    descriptor.value = validated as unknown as HandlerOf<M>;
    const pattern = message.kind === 'request' ? MessagePattern(message.subject) : EventPattern(message.subject, { queue: '' });
    pattern(target, key, descriptor as PropertyDescriptor);
  };
}
