import type { MigrationInterface, QueryRunner } from 'typeorm';

/** am-spec §3.5: authorization codes, stored by the SHA-256 of the code, single use. */
export class AuthorizationCodes1764100000000 implements MigrationInterface {
  name = 'AuthorizationCodes1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "authorize"."authorization_codes" (
        "code_hash" text PRIMARY KEY,
        "realm" text NOT NULL,
        "client_id" text NOT NULL,
        "redirect_uri" text,
        "scopes" text[] NOT NULL,
        "user_id" text NOT NULL,
        "username" text NOT NULL,
        "auth_level" integer NOT NULL CHECK ("auth_level" >= 0),
        "auth_time" bigint NOT NULL,
        "code_challenge" text,
        "code_challenge_method" text CHECK ("code_challenge_method" IN ('S256', 'plain')),
        "nonce" text,
        "auth_grant_id" text NOT NULL,
        "issued_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "consumed_at" timestamptz,
        CHECK (("code_challenge" IS NULL) = ("code_challenge_method" IS NULL))
      )`);
    await db.query(`CREATE INDEX "authorization_codes_expires_at" ON "authorize"."authorization_codes" ("expires_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "authorize"."authorization_codes"`);
  }
}
