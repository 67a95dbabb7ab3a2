import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, groups, SSO sessions and login failures (authn-service). Usernames and group names
 * are unique per realm ignoring ASCII case, as in AM's directory. Sessions keep only the
 * SHA-256 of their token; a user's deletion ends its sessions and memberships.
 */
export class Identities1764000000000 implements MigrationInterface {
  name = 'Identities1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "authn"."users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "realm" text NOT NULL,
        "username" text NOT NULL,
        "password_hash" text,
        "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "revision" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX "users_realm_username_key" ON "authn"."users" ("realm", lower("username"))`);
    await db.query(`
      CREATE TABLE "authn"."groups" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "realm" text NOT NULL,
        "name" text NOT NULL,
        "revision" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX "groups_realm_name_key" ON "authn"."groups" ("realm", lower("name"))`);
    await db.query(`
      CREATE TABLE "authn"."group_members" (
        "group_id" uuid NOT NULL REFERENCES "authn"."groups" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "authn"."users" ("id") ON DELETE CASCADE,
        PRIMARY KEY ("group_id", "user_id")
      )`);
    await db.query(`CREATE INDEX "group_members_user_id" ON "authn"."group_members" ("user_id")`);
    await db.query(`
      CREATE TABLE "authn"."sessions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "token_hash" text NOT NULL UNIQUE,
        "user_id" uuid NOT NULL REFERENCES "authn"."users" ("id") ON DELETE CASCADE,
        "realm" text NOT NULL,
        "auth_level" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX "sessions_user_id" ON "authn"."sessions" ("user_id")`);
    await db.query(`CREATE INDEX "sessions_expires_at" ON "authn"."sessions" ("expires_at")`);
    await db.query(`
      CREATE TABLE "authn"."login_failures" (
        "realm" text NOT NULL,
        "username_key" text NOT NULL,
        "failures" integer NOT NULL,
        "window_started_at" timestamptz NOT NULL,
        "locked_until" timestamptz,
        PRIMARY KEY ("realm", "username_key")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "authn"."login_failures"`);
    await db.query(`DROP TABLE "authn"."sessions"`);
    await db.query(`DROP TABLE "authn"."group_members"`);
    await db.query(`DROP TABLE "authn"."groups"`);
    await db.query(`DROP TABLE "authn"."users"`);
  }
}
