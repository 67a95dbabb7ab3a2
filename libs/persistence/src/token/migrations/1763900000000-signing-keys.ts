import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-realm signing keys (at most one active per realm) and the installation's generated secrets. */
export class SigningKeys1763900000000 implements MigrationInterface {
  name = 'SigningKeys1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "token"."signing_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "realm" text NOT NULL,
        "kid" text NOT NULL UNIQUE,
        "alg" text NOT NULL CHECK ("alg" IN ('RS256', 'ES256')),
        "public_jwk" jsonb NOT NULL,
        "private_jwk" jsonb NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('active', 'retired')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        "not_after" timestamptz,
        CHECK ("status" = 'active' OR ("retired_at" IS NOT NULL AND "not_after" IS NOT NULL))
      )`);
    // Replicas creating a realm's first key together: INSERT … ON CONFLICT DO NOTHING leaves one.
    await db.query(`CREATE UNIQUE INDEX "signing_keys_one_active_per_realm" ON "token"."signing_keys" ("realm") WHERE "status" = 'active'`);
    await db.query(`CREATE INDEX "signing_keys_realm" ON "token"."signing_keys" ("realm", "status", "created_at" DESC)`);
    await db.query(`
      CREATE TABLE "token"."installation_secrets" (
        "name" text PRIMARY KEY,
        "value" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "token"."installation_secrets"`);
    await db.query(`DROP TABLE "token"."signing_keys"`);
  }
}
