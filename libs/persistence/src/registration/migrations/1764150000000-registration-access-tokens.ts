import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RFC 7592 registration access tokens of dynamically registered clients (am-spec §11.4): the
 * SHA-256 of the token, never the token. One per client; it goes with the client.
 */
export class RegistrationAccessTokens1764150000000 implements MigrationInterface {
  name = 'RegistrationAccessTokens1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."registration_access_tokens" (
        "realm_id" uuid NOT NULL,
        "client_id" text NOT NULL,
        "token_hash" text NOT NULL,
        "issued_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("realm_id", "client_id"),
        FOREIGN KEY ("realm_id", "client_id") REFERENCES "registration"."clients" ("realm_id", "client_id") ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."registration_access_tokens"`);
  }
}
