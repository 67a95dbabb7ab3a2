import { Injectable } from '@nestjs/common';
import type { FailureCount, LockoutPolicy, LoginFailureStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { preparedSql } from '../prepared-sql';

@Injectable()
export class TypeOrmLoginFailureStore implements LoginFailureStore {
  constructor(private readonly db: DataSource) {}

  async lockedUntil(realm: string, username: string): Promise<Date | undefined> {
    const { rows } = await preparedSql<{ locked_until: Date }>(
      this.db,
      `SELECT "locked_until" FROM "authn"."login_failures" WHERE "realm" = $1 AND "username_key" = lower($2) AND "locked_until" > now()`,
      [realm, username],
    );
    return rows[0]?.locked_until;
  }

  async recordFailure(realm: string, username: string, policy: LockoutPolicy): Promise<FailureCount> {
    // One statement, so that replicas counting the same account at once never lose a failure.
    // A new window starts when the previous one has passed or a lockout has ended.
    const fresh = `(f."window_started_at" <= now() - make_interval(secs => $4) OR f."locked_until" <= now())`;
    const lockIfFirstLocks = `CASE WHEN 1 >= $3::int THEN now() + make_interval(secs => $5) END`;
    const rows: Array<{ failures: number; locked_until: Date | null }> = await this.db.query(
      `INSERT INTO "authn"."login_failures" AS f ("realm", "username_key", "failures", "window_started_at", "locked_until")
       VALUES ($1, lower($2), 1, now(), ${lockIfFirstLocks})
       ON CONFLICT ("realm", "username_key") DO UPDATE SET
         "failures" = CASE WHEN ${fresh} THEN 1 ELSE f."failures" + 1 END,
         "window_started_at" = CASE WHEN ${fresh} THEN now() ELSE f."window_started_at" END,
         "locked_until" = CASE
           WHEN ${fresh} THEN ${lockIfFirstLocks}
           WHEN f."failures" + 1 >= $3::int THEN COALESCE(f."locked_until", now() + make_interval(secs => $5))
           ELSE f."locked_until" END
       RETURNING "failures", "locked_until"`,
      [realm, username, policy.maxFailures, policy.windowSeconds, policy.lockoutSeconds],
    );
    const row = rows[0];
    return {
      failures: row.failures,
      lockedUntil: row.locked_until ?? undefined,
      lockedNow: row.failures === policy.maxFailures,
    };
  }

  async reset(realm: string, username: string): Promise<void> {
    await preparedSql(this.db, `DELETE FROM "authn"."login_failures" WHERE "realm" = $1 AND "username_key" = lower($2)`, [realm, username]);
  }
}
