import type { MigrationInterface, QueryRunner } from 'typeorm';

/** OpenID CIBA Core 1.0 (issue 21): backchannel authentication requests, pending → approved/denied/expired, consumed once. */
export class CibaRequests1766000000000 implements MigrationInterface {
  name = 'CibaRequests1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "authorize"."ciba_requests" (
        "id_hash" text PRIMARY KEY,
        "approval_id" text NOT NULL UNIQUE,
        "realm" text NOT NULL,
        "client_id" text NOT NULL,
        "client_name" text,
        "user_id" text NOT NULL,
        "username" text NOT NULL,
        "scopes" text[] NOT NULL,
        "resources" text[] NOT NULL DEFAULT '{}',
        "actors" text[] NOT NULL DEFAULT '{}',
        "binding_message" text,
        "delivery_mode" text NOT NULL CHECK ("delivery_mode" IN ('poll', 'ping')),
        "notification_endpoint" text,
        "notification_token" text,
        "ping_auth_req_id" text,
        "interval" integer NOT NULL CHECK ("interval" > 0),
        "status" text NOT NULL CHECK ("status" IN ('pending', 'approved', 'denied', 'expired')),
        "created_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "last_polled_at" timestamptz,
        "decided_at" timestamptz,
        "consumed_at" timestamptz,
        "auth_grant_id" text NOT NULL,
        CHECK ("consumed_at" IS NULL OR "status" = 'approved')
      )`);
    await db.query(`CREATE INDEX "ciba_requests_user" ON "authorize"."ciba_requests" ("realm", "user_id", "status")`);
    await db.query(`CREATE INDEX "ciba_requests_expires_at" ON "authorize"."ciba_requests" ("expires_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "authorize"."ciba_requests"`);
  }
}
