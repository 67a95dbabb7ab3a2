import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit store (introspection-service, issue 20 item 1). One row per event, inserted once by
 * its id. The indexes serve the queries the admin API is for: one subject's events in time order
 * (realm, subject, time), one kind of event (realm, event, time), a time range (realm, time), the
 * events an actor took part in (GIN on the `act` chain) and a grant's events (auth_grant_id).
 */
export class AuditEvents1765100000000 implements MigrationInterface {
  name = 'AuditEvents1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "introspection"."audit_events" (
        "id" uuid PRIMARY KEY,
        "time" timestamptz NOT NULL,
        "realm" text NOT NULL,
        "event" text NOT NULL,
        "outcome" text NOT NULL,
        "subject" text,
        "actors" text[] NOT NULL DEFAULT '{}',
        "client" text,
        "audience" text[] NOT NULL DEFAULT '{}',
        "scopes" text[] NOT NULL DEFAULT '{}',
        "grant_type" text,
        "auth_grant_id" text,
        "parent_grant_ids" text[] NOT NULL DEFAULT '{}',
        "error" text,
        "reason" text,
        "correlation_id" text,
        "resource" text,
        "operation" text,
        "stored_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX "audit_events_realm_subject_time" ON "introspection"."audit_events" ("realm", "subject", "time", "id")`);
    await db.query(`CREATE INDEX "audit_events_realm_event_time" ON "introspection"."audit_events" ("realm", "event", "time", "id")`);
    await db.query(`CREATE INDEX "audit_events_realm_time" ON "introspection"."audit_events" ("realm", "time", "id")`);
    await db.query(`CREATE INDEX "audit_events_actors" ON "introspection"."audit_events" USING gin ("actors")`);
    await db.query(`CREATE INDEX "audit_events_auth_grant_id" ON "introspection"."audit_events" ("auth_grant_id")`);
    await db.query(`CREATE INDEX "audit_events_correlation_id" ON "introspection"."audit_events" ("correlation_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "introspection"."audit_events"`);
  }
}
