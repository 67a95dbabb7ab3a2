import type { AuditEvent, AuditSortKey, QueryFilter } from '@mandate/contracts';

/**
 * A producing service's audit outbox (issue 20 item 1): events wait in the producer's own schema
 * until the audit store has acknowledged them, so neither a store nor a bus outage loses one.
 */
export interface AuditOutboxStore {
  /** Writes events to the outbox; the calls of one event-loop turn share one statement. */
  add(events: AuditEvent[]): Promise<void>;
  /** The oldest waiting events, at most `limit`. */
  oldest(limit: number): Promise<AuditEvent[]>;
  /** Drops events the audit store acknowledged. */
  remove(ids: string[]): Promise<void>;
}
export const AUDIT_OUTBOX_STORE = Symbol.for('mandate.port.audit-outbox-store');

export interface AuditQuery {
  realm: string;
  filter: QueryFilter;
  sortKeys: AuditSortKey[];
  pageSize: number;
  /** Where the previous page ended (the decoded `pagedResultsCookie`). */
  after?: AuditPagePosition;
}
/** The sort-key values and id of the last event of a page. */
export interface AuditPagePosition {
  values: Array<string | null>;
  id: string;
}

/** The audit store's events (the audit-owning service). */
export interface AuditEventStore {
  /** Inserts each event once by id; answers how many were new. */
  insert(events: AuditEvent[]): Promise<number>;
  /** One page, in sort-key order; `next` is set when more events follow. */
  query(query: AuditQuery): Promise<{ events: AuditEvent[]; next?: AuditPagePosition }>;
}
export const AUDIT_EVENT_STORE = Symbol.for('mandate.port.audit-event-store');
