import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { queryFilterSchema } from '../registration/query-filter';

/**
 * The audit trail (issue 20 item 1). Each producing service writes an event into its own
 * outbox table with the fact it records, and a drainer delivers it with
 * `introspection.audit.record` to the audit store, which inserts it once by `id`.
 *
 * An event names who, for whom, through whom, where and what, and never a token, secret or
 * password: the schema is strict (an unknown member is refused), and no member is meant for one.
 */
export const AuditEventTypes = [
  'token_issued',
  'token_exchanged',
  'token_refreshed',
  'token_revoked',
  'token_refused',
  'login',
  'logout',
  'lockout',
  'admin_change',
  /** Dynamic client registration (RFC 7591/7592): a client registered, updated or deleted through `/register`. */
  'client_registered',
  'client_updated',
  'client_deleted',
  /** OpenID CIBA (issue 21): a client asked a user's approval at bc-authorize. */
  'ciba_requested',
] as const;
export type AuditEventType = (typeof AuditEventTypes)[number];

const id = z.string().max(1024);
const ids = z.array(id).max(64);

export const auditEventSchema = z
  .object({
    /** A UUID made by the producer: the store inserts an event once, however often it is delivered. */
    id: z.uuid(),
    time: z.iso.datetime({ offset: true }),
    realm: realmPathSchema,
    event: z.enum(AuditEventTypes),
    outcome: z.enum(['success', 'failure']),
    /** The token's `sub` (a user id or a client id), the user who logged in, the administrator who changed something. */
    subject: id.optional(),
    /** The `act` chain, outermost (newest actor) first; empty for a token without `act`. */
    actors: ids.optional(),
    /** The acting client (the one the token is issued to, or that presented the request). */
    client: id.optional(),
    /** Audience and RFC 8707 resources of the token. */
    audience: ids.optional(),
    scopes: z.array(z.string().max(256)).max(256).optional(),
    grantType: z.string().max(256).optional(),
    authGrantId: id.optional(),
    parentGrantIds: ids.optional(),
    /** The OAuth or CREST error code of a refusal. */
    error: z.string().max(64).optional(),
    /** The log-only reason of a refusal (contract §3.6): shown to administrators only. */
    reason: z.string().max(1024).optional(),
    correlationId: z.string().max(256).optional(),
    /** admin_change: what changed (`realm-config/agents/AIAgent/hr-agent`, `users/bjensen`) and how. */
    resource: z.string().max(2048).optional(),
    operation: z.enum(['create', 'replace', 'delete']).optional(),
  })
  .strict();
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** `introspection.audit.record`: a batch from one producer's outbox. */
export const auditRecordRequestSchema = z.object({ events: z.array(auditEventSchema).min(1).max(500) });
export type AuditRecordRequest = z.infer<typeof auditRecordRequestSchema>;
/** How many of the batch were new (the rest were delivered before). */
export const auditRecordReplySchema = z.object({ inserted: z.number().int().min(0) });
export type AuditRecordReply = z.infer<typeof auditRecordReplySchema>;

/** The fields a query may sort on (`_sortKeys=-time,event`). */
export const AuditSortFields = ['time', 'event', 'subject', 'client', 'outcome', 'grantType', 'authGrantId', 'correlationId'] as const;
export const auditSortKeySchema = z.object({ field: z.enum(AuditSortFields), descending: z.boolean() });
export type AuditSortKey = z.infer<typeof auditSortKeySchema>;

/** `GET json/.../audit` (gateway → introspection-service): the parsed CREST query. */
export const auditQueryRequestSchema = z.object({
  realm: realmPathSchema,
  tokenId: z.string().max(4096).optional(),
  filter: queryFilterSchema,
  pageSize: z.number().int().min(1).max(1000),
  /** The previous page's `pagedResultsCookie`. */
  cookie: z.string().max(4096).optional(),
  sortKeys: z.array(auditSortKeySchema).max(8),
  /** `GET json/.../realm-config/agents/AIAgent/{agentId}/audit`: only the events the agent took part in, for its owners too. */
  agentId: z.string().min(1).max(255).optional(),
});
export type AuditQueryRequest = z.infer<typeof auditQueryRequestSchema>;

/** An event as the query answers it: `_id` is the event's id. */
export const auditResultSchema = z.record(z.string(), z.unknown());
export const auditQueryReplySchema = z.object({
  result: z.array(auditResultSchema),
  resultCount: z.number().int().min(0),
  pagedResultsCookie: z.string().nullable(),
  totalPagedResultsPolicy: z.literal('NONE'),
  totalPagedResults: z.literal(-1),
  remainingPagedResults: z.literal(-1),
});
export type AuditQueryReply = z.infer<typeof auditQueryReplySchema>;
