import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RFC 7591 §3 initial access tokens an administrator created (issue 17): the SHA-256 of the
 * token, never the token; an optional expiry and use count. They go with their realm.
 */
export class InitialAccessTokens1764800000000 implements MigrationInterface {
  name = 'InitialAccessTokens1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."initial_access_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "realm_id" uuid NOT NULL REFERENCES "registration"."realms" ("id") ON DELETE CASCADE,
        "token_hash" text NOT NULL UNIQUE,
        "expires_at" timestamptz,
        "max_uses" integer CHECK ("max_uses" > 0),
        "uses" integer NOT NULL DEFAULT 0,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX "initial_access_tokens_realm" ON "registration"."initial_access_tokens" ("realm_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."initial_access_tokens"`);
  }
}
