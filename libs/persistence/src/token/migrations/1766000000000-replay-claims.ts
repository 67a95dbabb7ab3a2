import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single-use identifiers (DPoP proof `jti`s, RFC 9449 §11.1), shared by every replica until they expire. */
export class ReplayClaims1766000000000 implements MigrationInterface {
  name = 'ReplayClaims1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "token"."replay_claims" ("scope" text NOT NULL, "jti" text NOT NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("scope", "jti"))`,
    );
    await db.query(`CREATE INDEX "replay_claims_expires_at" ON "token"."replay_claims" ("expires_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "token"."replay_claims"`);
  }
}
