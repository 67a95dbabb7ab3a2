import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Realms, with `root` (`/`) and `alpha` (`/alpha`) present from the first start. */
export class Realms1763800000000 implements MigrationInterface {
  name = 'Realms1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registration"."realms" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "path" text NOT NULL UNIQUE CHECK ("path" ~ '^/([A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*)?$'),
        "name" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO "registration"."realms" ("path", "name") VALUES ('/', '/'), ('/alpha', 'alpha')
      ON CONFLICT ("path") DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "registration"."realms"`);
  }
}
