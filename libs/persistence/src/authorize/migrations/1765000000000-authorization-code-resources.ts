import type { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 8707 §2.2: the resources an authorization request named travel with its code. */
export class AuthorizationCodeResources1765000000000 implements MigrationInterface {
  name = 'AuthorizationCodeResources1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "authorize"."authorization_codes" ADD COLUMN "resources" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "authorize"."authorization_codes" DROP COLUMN "resources"`);
  }
}
