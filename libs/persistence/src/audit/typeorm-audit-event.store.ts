import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEvent, AuditSortKey, QueryFilter } from '@mandate/contracts';
import type { AuditEventStore, AuditPagePosition, AuditQuery } from '@mandate/oauth';
import type { DataSource } from 'typeorm';
import { type FilterComparison, ORDERING, compileQueryFilter, placeholders } from '../query-filter.sql';

const EVENTS = '"introspection"."audit_events"';

/** The event's scalar members and their columns; `time` compares as a timestamp. */
const SCALARS: Record<string, string> = {
  _id: 'id',
  id: 'id',
  time: 'time',
  realm: 'realm',
  event: 'event',
  outcome: 'outcome',
  subject: 'subject',
  client: 'client',
  grantType: 'grant_type',
  authGrantId: 'auth_grant_id',
  error: 'error',
  reason: 'reason',
  correlationId: 'correlation_id',
  resource: 'resource',
  operation: 'operation',
};
/** The list members: `eq` and `co` mean "the list holds this value" (GIN-indexed), `sw` "an element starts with it". */
const LISTS: Record<string, string> = { actors: 'actors', audience: 'audience', scopes: 'scopes', parentGrantIds: 'parent_grant_ids' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EventRow {
  id: string;
  time: Date;
  realm: string;
  event: AuditEvent['event'];
  outcome: AuditEvent['outcome'];
  subject: string | null;
  actors: string[];
  client: string | null;
  audience: string[];
  scopes: string[];
  grant_type: string | null;
  auth_grant_id: string | null;
  parent_grant_ids: string[];
  error: string | null;
  reason: string | null;
  correlation_id: string | null;
  resource: string | null;
  operation: AuditEvent['operation'] | null;
}

/**
 * Audit events in introspection-service's schema. Inserts are idempotent by event id (a
 * producer's drainer may deliver an event twice); queries compile the parsed CREST filter to
 * SQL on indexed columns and page by keyset (the last row's sort values and id), so a deep page
 * costs what the first does.
 */
@Injectable()
export class TypeOrmAuditEventStore implements AuditEventStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(events: AuditEvent[]): Promise<number> {
    if (!events.length) return 0;
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO ${EVENTS} ("id", "time", "realm", "event", "outcome", "subject", "actors", "client", "audience", "scopes",
                              "grant_type", "auth_grant_id", "parent_grant_ids", "error", "reason", "correlation_id", "resource", "operation")
       SELECT "id", "time", "realm", "event", "outcome", "subject", COALESCE("actors", '{}'), "client", COALESCE("audience", '{}'),
              COALESCE("scopes", '{}'), "grantType", "authGrantId", COALESCE("parentGrantIds", '{}'), "error", "reason", "correlationId",
              "resource", "operation"
         FROM jsonb_to_recordset($1::jsonb) AS x("id" uuid, "time" timestamptz, "realm" text, "event" text, "outcome" text,
              "subject" text, "actors" text[], "client" text, "audience" text[], "scopes" text[], "grantType" text,
              "authGrantId" text, "parentGrantIds" text[], "error" text, "reason" text, "correlationId" text, "resource" text, "operation" text)
       ON CONFLICT ("id") DO NOTHING
       RETURNING "id"`,
      [JSON.stringify(events)],
    );
    return rows.length;
  }

  async query(query: AuditQuery): Promise<{ events: AuditEvent[]; next?: AuditPagePosition }> {
    const params: unknown[] = [query.realm];
    const param = placeholders(params);
    const keys = sortColumns(query.sortKeys);
    const conditions = ['realm = $1', compileFilter(query.filter, param)];
    if (query.after) conditions.push(afterPosition(keys, query.after, param));
    const order = keys.map((k) => `${k.expression} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
    const rows: EventRow[] = await this.db.query(
      `SELECT * FROM ${EVENTS} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${param(query.pageSize + 1)}`,
      params,
    );
    const page = rows.slice(0, query.pageSize).map(toEvent);
    if (rows.length <= query.pageSize) return { events: page };
    const last = page[page.length - 1];
    return { events: page, next: { values: keys.slice(0, -1).map((k) => k.valueOf(last)), id: last.id } };
  }
}

interface SortColumn {
  expression: string;
  descending: boolean;
  cast: string;
  valueOf(event: AuditEvent): string | null;
}

/** The sort keys, then the id, so that the order is total and a page boundary exact. */
function sortColumns(sortKeys: AuditSortKey[]): SortColumn[] {
  const keys = sortKeys.length ? sortKeys : [{ field: 'time' as const, descending: false }];
  const columns: SortColumn[] = keys.map(({ field, descending }) =>
    field === 'time'
      ? { expression: 'time', descending, cast: 'timestamptz', valueOf: (e) => e.time }
      : { expression: `COALESCE(${SCALARS[field]}, '')`, descending, cast: 'text', valueOf: (e) => (e[field] as string | undefined) ?? '' },
  );
  columns.push({ expression: 'id', descending: columns[columns.length - 1].descending, cast: 'uuid', valueOf: (e) => e.id });
  return columns;
}

/** Rows after the previous page's last one, in sort order (a row comparison when every key runs the same way). */
function afterPosition(keys: SortColumn[], after: AuditPagePosition, param: (value: unknown) => string): string {
  const values = [...after.values, after.id];
  if (values.length !== keys.length) return 'FALSE';
  if (keys.some((k, i) => k.cast === 'timestamptz' && Number.isNaN(Date.parse(values[i] ?? '')))) return 'FALSE';
  const placeholders = keys.map((k, i) => `${param(values[i])}::${k.cast}`);
  if (keys.every((k) => k.descending === keys[0].descending)) {
    return `(${keys.map((k) => k.expression).join(', ')}) ${keys[0].descending ? '<' : '>'} (${placeholders.join(', ')})`;
  }
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${k.expression} = ${placeholders[j]}`);
    return `(${[...equal, `${key.expression} ${key.descending ? '<' : '>'} ${placeholders[i]}`].join(' AND ')})`;
  });
  return `(${branches.join(' OR ')})`;
}

/**
 * A parsed CREST filter as SQL on the event's columns. Ids compare exactly (as they are issued,
 * and so that the btree and GIN indexes serve them); a member the event does not have is false.
 */
export function compileFilter(filter: QueryFilter, param: (value: unknown) => string): string {
  return compileQueryFilter(filter, {
    present: (field) => {
      const name = field.join('/');
      if (LISTS[name]) return `(cardinality(${LISTS[name]}) > 0)`;
      return SCALARS[name] ? `(${SCALARS[name]} IS NOT NULL)` : 'FALSE';
    },
    compare: (comparison) => compareMember(comparison, param),
  });
}

function compareMember(filter: FilterComparison, param: (value: unknown) => string): string {
  const name = filter.field.join('/');
  const value = String(filter.value);
  if (LISTS[name]) {
    if (filter.op === 'eq' || filter.op === 'co') return `(${LISTS[name]} @> ARRAY[${param(value)}]::text[])`;
    if (filter.op === 'sw') return `EXISTS (SELECT 1 FROM unnest(${LISTS[name]}) AS v WHERE starts_with(v, ${param(value)}))`;
    return 'FALSE';
  }
  const column = SCALARS[name];
  if (!column) return 'FALSE';
  if (name === 'time') {
    if (Number.isNaN(Date.parse(value))) return 'FALSE';
    const at = `${param(value)}::timestamptz`;
    if (filter.op === 'eq') return `(time = ${at})`;
    if (filter.op in ORDERING) return `(time ${ORDERING[filter.op as keyof typeof ORDERING]} ${at})`;
    return 'FALSE';
  }
  // Plain comparisons (NULL is not true in a WHERE), so that the btree indexes serve them.
  if (name === '_id' || name === 'id') return UUID.test(value) && filter.op === 'eq' ? `(id = ${param(value)}::uuid)` : 'FALSE';
  if (filter.op === 'eq') return `(${column} = ${param(value)})`;
  if (filter.op === 'co') return `(strpos(${column}, ${param(value)}) > 0)`;
  if (filter.op === 'sw') return `starts_with(${column}, ${param(value)})`;
  return `(${column} ${ORDERING[filter.op]} ${param(value)})`;
}

function toEvent(row: EventRow): AuditEvent {
  const optional = <T>(value: T | null) => (value === null ? undefined : value);
  const event: AuditEvent = {
    id: row.id,
    time: row.time.toISOString(),
    realm: row.realm,
    event: row.event,
    outcome: row.outcome,
    subject: optional(row.subject),
    actors: row.actors,
    client: optional(row.client),
    audience: row.audience,
    scopes: row.scopes,
    grantType: optional(row.grant_type),
    authGrantId: optional(row.auth_grant_id),
    parentGrantIds: row.parent_grant_ids,
    error: optional(row.error),
    reason: optional(row.reason),
    correlationId: optional(row.correlation_id),
    resource: optional(row.resource),
    operation: optional(row.operation),
  };
  for (const key of Object.keys(event) as Array<keyof AuditEvent>) if (event[key] === undefined) delete event[key];
  return event;
}
