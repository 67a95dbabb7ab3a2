import { AUDIT_EVENT_STORE, AUDIT_OUTBOX_STORE } from '@mandate/oauth';
import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditOutboxMigration } from './migrations/1765100000000-audit-outbox';
import { TypeOrmAuditEventStore } from './typeorm-audit-event.store';
import { TypeOrmAuditOutboxStore } from './typeorm-audit-outbox.store';

/** What a producing service adds to its storage for its audit outbox: the migration and the store. */
export function auditOutboxStorage(schema: string) {
  const store: Provider = { provide: AUDIT_OUTBOX_STORE, useFactory: (ds: DataSource) => new TypeOrmAuditOutboxStore(ds, schema), inject: [DataSource] };
  return { migration: auditOutboxMigration(schema), store };
}

export const auditEventStore: Provider = { provide: AUDIT_EVENT_STORE, useClass: TypeOrmAuditEventStore };
