import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grants (with their lineage for token exchange), server-side tokens stored by hash, and the
 * denylist of revoked signed tokens.
 */
export class GrantsAndTokens1764200000000 implements MigrationInterface {
  name = 'GrantsAndTokens1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "token"."grants" (
        "auth_grant_id" text PRIMARY KEY,
        "realm" text NOT NULL,
        "client_id" text NOT NULL,
        "subject" text NOT NULL,
        "parent_grant_ids" text[] NOT NULL DEFAULT '{}',
        "parent_jtis" text[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz
      )`);
    await db.query(`CREATE INDEX "grants_parent_grant_ids" ON "token"."grants" USING gin ("parent_grant_ids")`);
    await db.query(`CREATE INDEX "grants_parent_jtis" ON "token"."grants" USING gin ("parent_jtis")`);
    await db.query(`CREATE INDEX "grants_expires_at" ON "token"."grants" ("expires_at")`);
    await db.query(`
      CREATE TABLE "token"."tokens" (
        "token_hash" text PRIMARY KEY,
        "jti" text NOT NULL UNIQUE,
        "kind" text NOT NULL CHECK ("kind" IN ('access_token', 'refresh_token')),
        "format" text NOT NULL CHECK ("format" IN ('opaque', 'jwt')),
        "realm" text NOT NULL,
        "client_id" text NOT NULL,
        "auth_grant_id" text NOT NULL REFERENCES "token"."grants" ("auth_grant_id") ON DELETE CASCADE,
        "claims" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "revoked_at" timestamptz
      )`);
    await db.query(`CREATE INDEX "tokens_auth_grant_id" ON "token"."tokens" ("auth_grant_id")`);
    await db.query(`CREATE INDEX "tokens_expires_at" ON "token"."tokens" ("expires_at")`);
    await db.query(`
      CREATE TABLE "token"."denied_jtis" (
        "jti" text PRIMARY KEY,
        "realm" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "denied_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "token"."denied_jtis"`);
    await db.query(`DROP TABLE "token"."tokens"`);
    await db.query(`DROP TABLE "token"."grants"`);
  }
}
