import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Realm configuration (contract §2): scripts, OAuth2 clients and AI agents (one id space per
 * realm), the provider settings of each realm, AI agents' application policies, and which
 * configuration references which script (so that a script in use cannot be deleted).
 */
export class RealmConfig1763900000000 implements MigrationInterface {
  name = 'RealmConfig1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."scripts" (
        "realm_id" uuid NOT NULL REFERENCES "registration"."realms" ("id") ON DELETE CASCADE,
        "id" uuid NOT NULL,
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 1024),
        "description" text NOT NULL DEFAULT '',
        "language" text NOT NULL CHECK ("language" IN ('JAVASCRIPT', 'GROOVY')),
        "context" text NOT NULL,
        "evaluator_version" text NOT NULL CHECK ("evaluator_version" IN ('1.0', '2.0')),
        "source" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "modified_by" text NOT NULL,
        "modified_at" timestamptz NOT NULL DEFAULT now(),
        "rev" integer NOT NULL DEFAULT 1,
        PRIMARY KEY ("realm_id", "id"),
        UNIQUE ("realm_id", "name")
      )`);
    await db.query(`
      CREATE TABLE "registration"."clients" (
        "realm_id" uuid NOT NULL REFERENCES "registration"."realms" ("id") ON DELETE CASCADE,
        "client_id" text NOT NULL CHECK ("client_id" ~ '^[A-Za-z0-9_-]{1,255}$'),
        "agent_type" text NOT NULL CHECK ("agent_type" IN ('OAuth2Client', 'AIAgent')),
        "secret_hash" text,
        "config" jsonb NOT NULL,
        "rev" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("realm_id", "client_id")
      )`);
    await db.query(`
      CREATE TABLE "registration"."provider_settings" (
        "realm_id" uuid PRIMARY KEY REFERENCES "registration"."realms" ("id") ON DELETE CASCADE,
        "settings" jsonb NOT NULL,
        "rev" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE "registration"."script_references" (
        "realm_id" uuid NOT NULL,
        "owner_kind" text NOT NULL CHECK ("owner_kind" IN ('client', 'provider')),
        "owner_id" text NOT NULL,
        "script_id" uuid NOT NULL,
        PRIMARY KEY ("realm_id", "owner_kind", "owner_id", "script_id"),
        FOREIGN KEY ("realm_id", "script_id") REFERENCES "registration"."scripts" ("realm_id", "id") ON DELETE RESTRICT
      )`);
    await db.query(`
      CREATE TABLE "registration"."application_policies" (
        "realm_id" uuid NOT NULL,
        "agent_id" text NOT NULL,
        "application_id" text NOT NULL,
        "subjects" text[] NOT NULL DEFAULT '{}',
        "subject_groups" text[] NOT NULL DEFAULT '{}',
        "permissions" text[] NOT NULL DEFAULT '{}',
        "rev" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("realm_id", "agent_id", "application_id"),
        FOREIGN KEY ("realm_id", "agent_id") REFERENCES "registration"."clients" ("realm_id", "client_id") ON DELETE CASCADE,
        FOREIGN KEY ("realm_id", "application_id") REFERENCES "registration"."clients" ("realm_id", "client_id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "application_policies_application" ON "registration"."application_policies" ("realm_id", "application_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."application_policies"`);
    await db.query(`DROP TABLE "registration"."script_references"`);
    await db.query(`DROP TABLE "registration"."provider_settings"`);
    await db.query(`DROP TABLE "registration"."clients"`);
    await db.query(`DROP TABLE "registration"."scripts"`);
  }
}
