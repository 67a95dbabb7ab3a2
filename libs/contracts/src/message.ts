import type { z } from 'zod';
import type { BusIdentity, ServiceName } from './subjects';

/**
 * A request/reply message: its subject, the schema of what the caller sends and of what the
 * server answers, the service whose queue group serves it and the processes that call it.
 * `RpcClient.request(message, payload)` and `@Handles(message)` are typed from it and validate
 * with its schemas; the bus permissions are generated from the parties (subject-catalogue.ts).
 */
export interface RequestMessage<S extends string = string, Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly subject: S;
  readonly request: Req;
  readonly reply: Rep;
  readonly servedBy: ServiceName;
  readonly calledBy: readonly BusIdentity[];
}

/** A fan-out event: every instance of every subscriber gets it (a plain subscription, no queue group). */
export interface EventMessage<S extends string = string, E extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: S;
  readonly event: E;
  readonly publishedBy: readonly BusIdentity[];
  readonly subscribedBy: readonly BusIdentity[];
}

export type MessageDefinition = RequestMessage | EventMessage;

export function defineMessage<const S extends string, Req extends z.ZodType, Rep extends z.ZodType>(
  definition: Omit<RequestMessage<S, Req, Rep>, 'kind'>,
): RequestMessage<S, Req, Rep> {
  return Object.freeze({ kind: 'request', ...definition });
}

export function defineEvent<const S extends string, E extends z.ZodType>(definition: Omit<EventMessage<S, E>, 'kind'>): EventMessage<S, E> {
  return Object.freeze({ kind: 'event', ...definition });
}

/** What a caller (or publisher) sends. */
export type SentBy<M extends MessageDefinition> = M extends RequestMessage<string, infer Req> ? z.input<Req> : M extends EventMessage<string, infer E> ? z.input<E> : never;
/** What a handler receives, once validated. */
export type ReceivedBy<M extends MessageDefinition> = M extends RequestMessage<string, infer Req> ? z.infer<Req> : M extends EventMessage<string, infer E> ? z.infer<E> : never;
/** What a caller gets back, once validated. */
export type ReplyOf<M extends RequestMessage> = z.infer<M['reply']>;
/** The schema a receiver validates with. */
export const receivedSchema = (message: MessageDefinition): z.ZodType => (message.kind === 'request' ? message.request : message.event);
