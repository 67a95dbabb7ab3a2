import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AuditEvent, Messages } from '@mandate/contracts';
import { AUDIT_OUTBOX_STORE, type AuditOutboxStore } from '@mandate/oauth';
import { LOGGER, type Logger } from '../logging/logger';
import { RpcClient } from '../rpc/rpc.client';
import { type AuditInput, auditEvent } from './audit-event';

/** Events per delivery (the audit store's batch limit is 500). */
const BATCH = 200;
/** How often an idle drainer looks at its outbox (a write nudges it at once). */
const IDLE_POLL_MS = 1_000;
/** Retry after a failed delivery: doubling from the first to the last. */
const BACKOFF_MS = { first: 100, max: 2_000 };
/** Failed deliveries in a row (about 1.5 s) before the outage is logged. */
const WARN_AFTER_FAILURES = 5;

/**
 * Delivers a producer's audit outbox to the audit store (`introspection.audit.record`, request
 * and reply): the oldest events first, each removed from the outbox only once the store has
 * answered that it holds them. When the store, the bus or this service's database is down the
 * events stay in the outbox and delivery is retried with backoff, so none is lost; the store
 * inserts by event id, so one delivered twice (a lost reply, two replicas) is kept once.
 */
@Injectable()
export class AuditOutboxDrainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private failures = 0;

  constructor(
    @Inject(AUDIT_OUTBOX_STORE) private readonly outbox: AuditOutboxStore,
    private readonly rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.later(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Something was written: deliver now, unless a delivery runs or a retry is waiting out its backoff. */
  deliverSoon(): void {
    if (!this.running && this.failures === 0) this.later(0);
  }

  later(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.deliver(), ms);
    this.timer.unref();
  }

  async deliver(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let next = IDLE_POLL_MS;
    try {
      for (;;) {
        const events = await this.outbox.oldest(BATCH);
        if (!events.length) break;
        await this.rpc.request(Messages.introspection.auditRecord, { events });
        await this.outbox.remove(events.map((e) => e.id));
        if (this.failures >= WARN_AFTER_FAILURES) this.logger.info({ failures: this.failures }, 'audit events delivered again');
        this.failures = 0;
        if (this.stopped) break;
      }
    } catch (err) {
      this.failures++;
      // A service starting before the audit store is no outage: warn once the failures persist.
      if (this.failures === WARN_AFTER_FAILURES) this.logger.warn({ err }, 'audit events could not be delivered; they wait in the outbox');
      next = Math.min(BACKOFF_MS.first * 2 ** (this.failures - 1), BACKOFF_MS.max);
    } finally {
      this.running = false;
    }
    this.later(next);
  }
}

/**
 * What a service calls at each fact it audits. `record` writes to this service's outbox (and
 * never fails the caller's request: a write that fails is logged); token-service passes `build`'s
 * events to the statement that records the tokens, so the fact and its event commit together.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    @Inject(AUDIT_OUTBOX_STORE) private readonly outbox: AuditOutboxStore,
    private readonly drainer: AuditOutboxDrainer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  build(input: AuditInput): AuditEvent {
    return auditEvent(input);
  }

  async record(input: AuditInput): Promise<void> {
    const event = auditEvent(input);
    try {
      await this.outbox.add([event]);
      this.drainer.deliverSoon();
    } catch (err) {
      this.logger.error({ err, event: event.event, realm: event.realm }, 'audit event not written');
    }
  }

  /** After `build`'s events were written elsewhere (token-service's issuance statement). */
  written(): void {
    this.drainer.deliverSoon();
  }
}

/** The providers of a producing service's audit trail; its storage provides the outbox (auditOutboxStorage). */
export const auditProducerProviders = [AuditOutboxDrainer, AuditRecorder];
