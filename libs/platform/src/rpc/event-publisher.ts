import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { type ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { CORRELATION_HEADER, type EventMessage, type EventResync, type SentBy, SubjectCatalogue, parseMessage } from '@mandate/contracts';
import { headers as natsHeaders } from 'nats';
import { type Subscription, lastValueFrom } from 'rxjs';
import { transportConfig, type TransportConfig } from '../config/slices';
import { LOGGER, type Logger } from '../logging/logger';
import { currentCorrelationId } from '../logging/correlation';
import { RPC_TRANSPORT_CLIENT } from './rpc.client';
import { SERVICE_NAME } from '../bootstrap/service-name';

/** Overrides BACKLOG_MAX (tests). */
export const EVENT_BACKLOG_MAX = Symbol.for('mandate.events.backlog-max');

/** Events kept while the bus is away. Past this the backlog is given up for a resync (see keep). */
const BACKLOG_MAX = 1_000;
/** Retry after a failed delivery, doubling from the first to the last; a reconnect retries at once. */
const RETRY_MS = { first: 100, max: 2_000 };

interface Pending {
  subject: string;
  data: unknown;
  correlationId?: string;
}

/**
 * Publishes a fan-out event with the correlation id, and waits until the NATS server has it
 * (a flush), so that the event reaches every subscriber before anything the caller answers next.
 * Publishing never throws and never fails the caller's write, which is committed by then.
 *
 * An event the server did not confirm (disconnected, a publish error, no flush within
 * RPC_TIMEOUT_MS) is kept in memory and published again, in order, once the connection is back
 * (nats.js drops what is published while disconnected, so retrying is ours to do). Events that
 * come while a backlog waits join it, and the call returns at once. Delivery is at least once:
 * an event whose confirmation was lost may arrive twice, which the receivers' invalidations
 * allow. The backlog is bounded: when it overflows it is replaced by one resync per subject it
 * held (`{ resync: true }` on that subject: drop everything derived from it), sent before the
 * events that follow.
 *
 * The backlog dies with the process. Rather than a database outbox written in each change's
 * transaction (every write path of three services), each start of a publishing service sends a
 * resync on every subject it publishes: whatever an earlier instance had not delivered is
 * covered once its replacement is up, and the receivers' cache expiry covers the rest.
 * In-process there is nothing to lose: the bus never fails, and publisher and receivers share
 * the process.
 */
@Injectable()
export class EventPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private backlog: Pending[] = [];
  /** Subjects whose events were given up, each with the overflow that gave them up. */
  private readonly lost = new Map<string, number>();
  private overflows = 0;
  private draining = false;
  private failures = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly status: Subscription | undefined;
  private readonly backlogMax: number;

  constructor(
    @Inject(RPC_TRANSPORT_CLIENT) private readonly transport: ClientProxy,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(transportConfig.token) private readonly config: TransportConfig,
    @Optional() @Inject(SERVICE_NAME) private readonly service?: string,
    @Optional() @Inject(EVENT_BACKLOG_MAX) backlogMax?: number,
  ) {
    this.backlogMax = backlogMax ?? BACKLOG_MAX;
    // Nest's NATS client reports `connected` at the first connect and after every reconnect.
    this.status = transport.status?.subscribe((status) => {
      if (status === 'connected' && this.waiting()) this.retry(0);
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.MANDATE_TRANSPORT === 'inproc') return;
    const restart: EventResync = { resync: true, reason: 'restart' };
    for (const subject of this.publishedSubjects()) this.keep({ subject, data: restart });
    this.retry(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.status?.unsubscribe();
    if (this.waiting()) this.logger.warn({ events: this.backlog.length, resyncs: [...this.lost.keys()] }, 'stopped with events not delivered; the next start sends a resync for them');
  }

  async publish<M extends EventMessage>(message: M, event: SentBy<M>): Promise<void> {
    const { subject } = message;
    try {
      parseMessage(subject, message.event, event);
    } catch (err) {
      this.logger.error({ subject, err }, 'refused to publish an event that violates its contract');
      return;
    }
    const pending: Pending = { subject, data: event, correlationId: currentCorrelationId() };
    // Behind a backlog, so that the events go out in order.
    if (this.waiting()) return this.keep(pending);
    try {
      await this.send(pending);
    } catch (err) {
      this.logger.warn({ subject, err }, 'could not publish an event; it is kept and published again when the bus is back');
      this.keep(pending);
      this.retry(RETRY_MS.first);
    }
  }

  /** Events waiting for the bus (tests, shutdown). */
  get pending(): number {
    return this.backlog.length + this.lost.size;
  }

  private waiting(): boolean {
    return this.backlog.length > 0 || this.lost.size > 0;
  }

  private keep(pending: Pending): void {
    // A resync waits for this subject: it will cover this change too, being published after it.
    if (this.lost.has(pending.subject)) return;
    if (this.backlog.length >= this.backlogMax) {
      const overflow = ++this.overflows;
      for (const { subject } of [...this.backlog, pending]) this.lost.set(subject, overflow);
      this.logger.error({ events: this.backlog.length + 1, subjects: [...this.lost.keys()] }, 'too many events waiting for the bus; a resync replaces them');
      this.backlog = [];
      return;
    }
    this.backlog.push(pending);
  }

  private retry(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), ms);
    this.timer.unref();
  }

  /** The resyncs first (they replace older events), then the backlog, oldest first. */
  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      for (const [subject, overflow] of [...this.lost]) {
        await this.send({ subject, data: { resync: true, reason: 'overflow' } satisfies EventResync });
        // Another overflow while this one was sent gave up events published after it.
        if (this.lost.get(subject) === overflow) this.lost.delete(subject);
      }
      while (this.backlog.length > 0 && !this.stopped) {
        const next = this.backlog[0];
        await this.send(next);
        if (this.backlog[0] === next) this.backlog.shift();
      }
      if (this.failures > 0) this.logger.info({ failures: this.failures }, 'the events kept while the bus was away are published');
      this.failures = 0;
    } catch (err) {
      this.failures++;
      this.logger.debug({ err, pending: this.pending }, 'events still wait for the bus');
      this.retry(Math.min(RETRY_MS.first * 2 ** (this.failures - 1), RETRY_MS.max));
    } finally {
      this.draining = false;
    }
    if (this.waiting() && this.failures === 0) this.retry(0); // kept while the last one was sent
  }

  private async send({ subject, data, correlationId }: Pending): Promise<void> {
    const headers = natsHeaders();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    await lastValueFrom(this.transport.emit(subject, new NatsRecordBuilder(data).setHeaders(headers).build()), { defaultValue: undefined });
    const flushed = (this.transport as Partial<{ flushed(): Promise<void> }>).flushed;
    if (typeof flushed === 'function') await within(flushed.call(this.transport), this.config.RPC_TIMEOUT_MS, subject);
  }

  private publishedSubjects(): string[] {
    const service = this.service;
    if (!service) return [];
    return Object.entries(SubjectCatalogue)
      .filter(([, entry]) => entry.kind === 'event' && entry.publishedBy.includes(service as never))
      .map(([subject]) => subject);
  }
}

/** A flush answers once the server has what was sent, or fails when the connection drops; on a stale connection it could wait minutes. */
function within(flush: Promise<void>, ms: number, subject: string): Promise<void> {
  flush.catch(() => undefined); // a late failure after the timeout is no one's to handle
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${subject}: the NATS server did not confirm the event in ${ms} ms`)), ms);
  });
  return Promise.race([flush, timeout]).finally(() => clearTimeout(timer));
}
