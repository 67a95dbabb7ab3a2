import { Injectable } from '@nestjs/common';
import type { IdempotentReply, InitialAccessToken, InitialAccessTokenStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { claimIdempotentReply } from './typeorm-idempotent-reply.store';

interface Row {
  id: string;
  realm_id: string;
  expires_at: Date | null;
  max_uses: number | null;
  uses: number;
  created_by: string;
  created_at: Date;
}

const COLUMNS = `"id", "realm_id", "expires_at", "max_uses", "uses", "created_by", "created_at"`;
/** Unexpired and with uses left, by the database's clock. */
const USABLE = `("expires_at" IS NULL OR "expires_at" > now()) AND ("max_uses" IS NULL OR "uses" < "max_uses")`;

/**
 * Looked up by the hash of the presented token (a unique index): the token is 256 random bits,
 * so the lookup's timing tells nothing about any stored token.
 */
@Injectable()
export class TypeOrmInitialAccessTokenStore implements InitialAccessTokenStore {
  constructor(private readonly db: DataSource) {}

  create(
    token: { realmId: string; tokenHash: string; expiresInSeconds: number | null; maxUses: number | null; createdBy: string },
    answer?: (saved: InitialAccessToken) => IdempotentReply,
  ): Promise<InitialAccessToken> {
    return this.db.transaction(async (em) => {
      const rows: Row[] = await em.query(
        `INSERT INTO "registration"."initial_access_tokens" ("realm_id", "token_hash", "expires_at", "max_uses", "created_by")
         VALUES ($1, $2, CASE WHEN $3::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $3::integer) END, $4, $5)
         RETURNING ${COLUMNS}`,
        [token.realmId, token.tokenHash, token.expiresInSeconds, token.maxUses, token.createdBy],
      );
      const saved = toToken(rows[0]);
      if (answer) await claimIdempotentReply(em, token.realmId, answer(saved));
      return saved;
    });
  }

  async list(realmId: string): Promise<InitialAccessToken[]> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM "registration"."initial_access_tokens" WHERE "realm_id" = $1 ORDER BY "created_at", "id"`, [realmId]);
    return rows.map(toToken);
  }

  async remove(realmId: string, id: string): Promise<boolean> {
    const [, count] = (await this.db.query(`DELETE FROM "registration"."initial_access_tokens" WHERE "realm_id" = $1 AND "id" = $2`, [realmId, id])) as [unknown, number];
    return count > 0;
  }

  async isUsable(realmId: string, tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM "registration"."initial_access_tokens" WHERE "realm_id" = $1 AND "token_hash" = $2 AND ${USABLE}`, [realmId, tokenHash]);
    return rows.length > 0;
  }

  async consume(realmId: string, tokenHash: string): Promise<boolean> {
    // One statement: two registrations racing for the last use cannot both have it.
    const [rows] = (await this.db.query(
      `UPDATE "registration"."initial_access_tokens" SET "uses" = "uses" + 1 WHERE "realm_id" = $1 AND "token_hash" = $2 AND ${USABLE} RETURNING "id"`,
      [realmId, tokenHash],
    )) as [unknown[], number];
    return rows.length > 0;
  }
}

function toToken(row: Row): InitialAccessToken {
  return { id: row.id, realmId: row.realm_id, expiresAt: row.expires_at, maxUses: row.max_uses, uses: row.uses, createdBy: row.created_by, createdAt: row.created_at };
}
