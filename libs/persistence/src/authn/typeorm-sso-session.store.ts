import { Injectable } from '@nestjs/common';
import type { NewSsoSession, SsoSession, SsoSessionStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { preparedSql } from '../prepared-sql';
import { firstRow } from './sql-result';

interface SessionRow {
  id: string;
  user_id: string;
  username: string;
  realm: string;
  auth_level: number;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

@Injectable()
export class TypeOrmSsoSessionStore implements SsoSessionStore {
  constructor(private readonly db: DataSource) {}

  async create(session: NewSsoSession): Promise<SsoSession> {
    const { rows } = await preparedSql<{ id: string }>(
      this.db,
      `INSERT INTO "authn"."sessions" ("token_hash", "user_id", "realm", "auth_level", "expires_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id"`,
      [session.tokenHash, session.userId, session.realm, session.authLevel, session.expiresAt],
    );
    const created = await this.byId(rows[0].id);
    if (!created) throw new Error('session vanished after insert');
    return created;
  }

  async findByTokenHash(tokenHash: string): Promise<SsoSession | undefined> {
    const { rows } = await preparedSql<SessionRow>(this.db, `${SELECT} WHERE s."token_hash" = $1`, [tokenHash]);
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async touch(id: string, at: Date): Promise<void> {
    await preparedSql(this.db, `UPDATE "authn"."sessions" SET "last_seen_at" = GREATEST("last_seen_at", $2) WHERE "id" = $1`, [id, at]);
  }

  async revoke(tokenHash: string): Promise<boolean> {
    return !!firstRow(await this.db.query(`DELETE FROM "authn"."sessions" WHERE "token_hash" = $1 RETURNING "id"`, [tokenHash]));
  }

  async purgeExpired(before: Date): Promise<number> {
    const result = await this.db.query(`DELETE FROM "authn"."sessions" WHERE "expires_at" < $1`, [before]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  private async byId(id: string): Promise<SsoSession | undefined> {
    const { rows } = await preparedSql<SessionRow>(this.db, `${SELECT} WHERE s."id" = $1`, [id]);
    return rows[0] ? toSession(rows[0]) : undefined;
  }
}

const SELECT = `
  SELECT s."id", s."user_id", u."username", s."realm", s."auth_level", s."created_at", s."last_seen_at", s."expires_at"
    FROM "authn"."sessions" s JOIN "authn"."users" u ON u."id" = s."user_id"`;

function toSession(row: SessionRow): SsoSession {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    realm: row.realm,
    authLevel: row.auth_level,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}
