import { Injectable } from '@nestjs/common';
import type { ReplayStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';

/** One claim in this many also purges expired rows, so that the table holds only live `jti`s. */
const PURGE_EVERY = 100;

/**
 * `registration.assertion_replay`: one statement per claim, so that two replicas racing for the
 * same `jti` cannot both win (the primary key decides); an expired row is taken over.
 */
@Injectable()
export class TypeOrmReplayStore implements ReplayStore {
  private claims = 0;

  constructor(private readonly db: DataSource) {}

  async claim(scope: string, jti: string, expiresAt: Date): Promise<boolean> {
    if (++this.claims % PURGE_EVERY === 0) await this.db.query(`DELETE FROM "registration"."assertion_replay" WHERE "expires_at" < now()`);
    const rows: unknown[] = await this.db.query(
      `INSERT INTO "registration"."assertion_replay" ("scope", "jti", "expires_at") VALUES ($1, $2, $3)
       ON CONFLICT ("scope", "jti") DO UPDATE SET "expires_at" = EXCLUDED."expires_at" WHERE "assertion_replay"."expires_at" < now()
       RETURNING 1`,
      [scope, jti, expiresAt],
    );
    return rows.length > 0;
  }
}
