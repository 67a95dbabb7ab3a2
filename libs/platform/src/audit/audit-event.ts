import { randomUUID } from 'node:crypto';
import { type AuditEvent, auditEventSchema } from '@mandate/contracts';
import { currentCorrelationId } from '../logging/correlation';

/** What a producer says about a fact; the id, time and correlation id are added here. */
export type AuditInput = Omit<AuditEvent, 'id' | 'time' | 'correlationId'>;

/** The members an event may carry: anything else a caller passes (claims, a request's parameters) is dropped. */
const MEMBERS = Object.keys(auditEventSchema.shape).filter((key) => key !== 'id' && key !== 'time' && key !== 'correlationId') as Array<keyof AuditInput>;
/** A JWT, or a long run of base64url such as an opaque token or a secret, inside free text. */
const TOKEN_LIKE = /\beyJ[\w-]*\.[\w-]*\.[\w-]*|[\w-]{40,}/g;
/** The schema's length limits, applied here, so that an event always passes the store's validation. */
const MAX_LENGTH: Partial<Record<keyof AuditInput, number>> = { reason: 1024, resource: 2048, grantType: 256, error: 64, scopes: 256 };
const MAX_ITEMS: Partial<Record<keyof AuditInput, number>> = { scopes: 256 };

/**
 * One audit event, built from an allow-list of members so that no token, secret or password
 * can reach the trail: a member that is not in the schema is not copied, and the free-text
 * refusal reason has anything that looks like a token or secret cut out. The store validates
 * again with the strict schema before it inserts.
 */
export function auditEvent(input: AuditInput, now = new Date()): AuditEvent {
  const event: Record<string, unknown> = { id: randomUUID(), time: now.toISOString() };
  for (const key of MEMBERS) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    const cut = (v: string) => v.slice(0, MAX_LENGTH[key] ?? 1024);
    if (Array.isArray(value)) event[key] = value.filter((v): v is string => typeof v === 'string').slice(0, MAX_ITEMS[key] ?? 64).map(cut);
    else if (typeof value === 'string') event[key] = cut(key === 'reason' ? value.replace(TOKEN_LIKE, '[redacted]') : value);
  }
  const correlationId = currentCorrelationId();
  if (correlationId) event.correlationId = correlationId;
  return event as AuditEvent;
}

/** An administrator's change: who (their user id), what (`users/bjensen`, `realm-config/agents/AIAgent/hr-agent`) and how. */
export function adminChange(realm: string, by: string, operation: NonNullable<AuditEvent['operation']>, resource: string): AuditInput {
  return { realm, event: 'admin_change', outcome: 'success', subject: by, operation, resource };
}
