import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answers to creates sent with an `Idempotency-Key` (issue 25 item 1), kept 24 hours so that
 * a retry gets the first answer instead of a second client. `key_hash` is a SHA-256 over the
 * realm, the operation, the caller and the key; `reply` is sealed (AES-256-GCM) under a key
 * derived from the idempotency key and the caller, so the stored answer (which may hold a client
 * secret or an initial access token) opens only for a caller who presents both again. As the
 * draft asks, a retry is answered the first answer even when its resource was deleted since (its
 * credentials no longer work); a row goes with its realm; a row past `expires_at` may be claimed
 * again and is purged now and then.
 */
export class IdempotentReplies1766200000000 implements MigrationInterface {
  name = 'IdempotentReplies1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."idempotent_replies" (
        "key_hash" text PRIMARY KEY,
        "realm_id" uuid NOT NULL REFERENCES "registration"."realms" ("id") ON DELETE CASCADE,
        "request_hash" text NOT NULL,
        "reply" jsonb NOT NULL,
        "expires_at" timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX "idempotent_replies_expires" ON "registration"."idempotent_replies" ("expires_at")`);
    await db.query(`CREATE INDEX "idempotent_replies_realm" ON "registration"."idempotent_replies" ("realm_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."idempotent_replies"`);
  }
}
