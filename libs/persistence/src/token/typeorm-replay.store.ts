import { Injectable } from '@nestjs/common';
import type { ReplayStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';

/**
 * `token.replay_claims`: one row per claimed `(scope, jti)`. The insert is the check, so two
 * replicas claiming the same id at once cannot both win; an expired row is taken over.
 */
@Injectable()
export class TypeOrmReplayStore implements ReplayStore {
  constructor(private readonly db: DataSource) {}

  async claim(scope: string, jti: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO "token"."replay_claims" ("scope", "jti", "expires_at") VALUES ($1, $2, $3)
       ON CONFLICT ("scope", "jti") DO UPDATE SET "expires_at" = EXCLUDED."expires_at" WHERE "replay_claims"."expires_at" <= now()
       RETURNING 1`,
      [scope, jti, expiresAt],
    );
    return rows.length === 1;
  }

  /** Removes the claims expired before `before`; answers how many. */
  async deleteExpired(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM "token"."replay_claims" WHERE "expires_at" < $1`, [before]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
