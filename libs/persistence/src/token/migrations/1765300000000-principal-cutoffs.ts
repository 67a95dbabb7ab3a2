import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation of what has no row (issue 20): a signed access token without refresh token or
 * lineage is not stored, so revoking a user's tokens, or an agent's, writes the moment instead:
 * every signed token of that principal (as subject, client or actor) issued up to then is dead.
 * One row per principal ever revoked, the newest moment kept.
 */
export class PrincipalCutoffs1765300000000 implements MigrationInterface {
  name = 'PrincipalCutoffs1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "token"."principal_cutoffs" (
        "realm" text NOT NULL,
        "principal" text NOT NULL,
        "revoked_before" timestamptz NOT NULL,
        PRIMARY KEY ("realm", "principal")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "token"."principal_cutoffs"`);
  }
}
