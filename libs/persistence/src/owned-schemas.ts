import { auditEventStore } from './audit/audit.storage';
import { AuditEvents1765100000000 } from './audit/migrations/1765100000000-audit-events';
import type { ServiceStorage } from './persistence.module';

/**
 * introspection-service owns the audit store (issue 20 item 1): the events every producer's
 * outbox delivers to it, and the queries over them.
 */
export const introspectionStorage: ServiceStorage = {
  schema: 'introspection',
  entities: [],
  migrations: [AuditEvents1765100000000],
  stores: [auditEventStore],
};
