import type { ReplayStore } from '@mandate/oauth';
import type { DataSource } from 'typeorm';

/**
 * A ReplayStore over one table `(scope, jti, expires_at)` with primary key `(scope, jti)`:
 * token-service's `token.replay_claims` (DPoP proofs), registration-service's
 * `registration.assertion_replay` (client assertions). The insert is the check, so two replicas
 * claiming the same id at once cannot both win; an expired row is taken over.
 */
export class SqlReplayStore implements ReplayStore {
  constructor(
    private readonly db: DataSource,
    /** `"schema"."table"`, a constant of the storage module that owns it. */
    private readonly table: string,
  ) {}

  async claim(scope: string, jti: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO ${this.table} AS t ("scope", "jti", "expires_at") VALUES ($1, $2, $3)
       ON CONFLICT ("scope", "jti") DO UPDATE SET "expires_at" = EXCLUDED."expires_at" WHERE t."expires_at" <= now()
       RETURNING 1`,
      [scope, jti, expiresAt],
    );
    return rows.length === 1;
  }

  /** Removes the claims expired before `before`; answers how many. */
  async deleteExpired(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM ${this.table} WHERE "expires_at" < $1`, [before]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
