import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit outbox of one producing service (token-, authn-, registration-service), in its own
 * schema: events wait here, in order, until the audit store acknowledges them (issue 20 item 1).
 * Each service runs the same migration against its own schema and migrations table.
 */
export function auditOutboxMigration(schema: string) {
  return class AuditOutbox1765100000000 implements MigrationInterface {
    name = 'AuditOutbox1765100000000';

    async up(db: QueryRunner): Promise<void> {
      await db.query(`
        CREATE TABLE "${schema}"."audit_outbox" (
          "seq" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          "id" uuid NOT NULL UNIQUE,
          "event" jsonb NOT NULL,
          "created_at" timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE "${schema}"."audit_outbox"`);
    }
  };
}
