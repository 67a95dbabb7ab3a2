import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a grant gave, for its lineage (issue 20): the scopes, audience and `act` chain of its
 * access token (null for grants written before). Grants are found by their subject too (a user's
 * delegations, revoking a user's tokens) and by the actors of their chain (an agent's).
 */
export class GrantDetails1765000000000 implements MigrationInterface {
  name = 'GrantDetails1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "token"."grants" ADD COLUMN "details" jsonb`);
    await db.query(`ALTER TABLE "token"."grants" ADD COLUMN "actors" text[] NOT NULL DEFAULT '{}'`);
    await db.query(`CREATE INDEX "grants_realm_subject" ON "token"."grants" ("realm", "subject")`);
    await db.query(`CREATE INDEX "grants_actors" ON "token"."grants" USING gin ("actors")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "token"."grants_actors"`);
    await db.query(`DROP INDEX "token"."grants_realm_subject"`);
    await db.query(`ALTER TABLE "token"."grants" DROP COLUMN "actors"`);
    await db.query(`ALTER TABLE "token"."grants" DROP COLUMN "details"`);
  }
}
