import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `jti`s of client assertions already used (RFC 7523 §3 item 7), kept until the assertion
 * expires so that every replica refuses a second use. A row past `expires_at` may be claimed
 * again (its JWT can no longer be valid) and is purged now and then.
 */
export class AssertionReplay1765200000000 implements MigrationInterface {
  name = 'AssertionReplay1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."assertion_replay" (
        "scope" text NOT NULL,
        "jti" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        PRIMARY KEY ("scope", "jti")
      )`);
    await db.query(`CREATE INDEX "assertion_replay_expires" ON "registration"."assertion_replay" ("expires_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."assertion_replay"`);
  }
}
