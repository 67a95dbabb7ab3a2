import { z } from 'zod';
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

/**
 * The other message every event subject carries: "events on this subject may have been lost,
 * drop everything you derived from them". A publisher sends it when it could not keep an event
 * for a later retry (its backlog overflowed) or could not have kept one (it restarted, and an
 * earlier instance may have died with a backlog). Sent on the lost events' own subject, so a
 * publisher needs no permission beyond the events it already publishes, and a subscriber
 * resyncs only what that subject feeds.
 */
export const eventResyncSchema = z.object({ resync: z.literal(true), reason: z.enum(['overflow', 'restart']) }).strict();
export type EventResync = z.infer<typeof eventResyncSchema>;

export const isEventResync = (event: unknown): event is EventResync => typeof event === 'object' && event !== null && (event as { resync?: unknown }).resync === true;

/** An event's schema also admits the resync marker, so that every handler must say what a resync means to it. */
export function defineEvent<const S extends string, E extends z.ZodType>(
  definition: Omit<EventMessage<S, E>, 'kind'>,
): EventMessage<S, z.ZodUnion<readonly [E, typeof eventResyncSchema]>> {
  return Object.freeze({ kind: 'event', ...definition, event: z.union([definition.event, eventResyncSchema]) });
}

/** What a caller (or publisher) sends. */
export type SentBy<M extends MessageDefinition> = M extends RequestMessage<string, infer Req> ? z.input<Req> : M extends EventMessage<string, infer E> ? z.input<E> : never;
/** What a handler receives, once validated. */
export type ReceivedBy<M extends MessageDefinition> = M extends RequestMessage<string, infer Req> ? z.infer<Req> : M extends EventMessage<string, infer E> ? z.infer<E> : never;
/** What a caller gets back, once validated. */
export type ReplyOf<M extends RequestMessage> = z.infer<M['reply']>;
/** The schema a receiver validates with. */
export const receivedSchema = (message: MessageDefinition): z.ZodType => (message.kind === 'request' ? message.request : message.event);
