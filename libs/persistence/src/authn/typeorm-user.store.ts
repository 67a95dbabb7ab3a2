import { Injectable } from '@nestjs/common';
import type { QueryFilter } from '@mandate/contracts';
import type { IdentityWriteResult, NewUser, User, UserChange, UserStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { type FieldColumn, filterToSql } from '../query-filter.sql';
import { preparedSql } from '../prepared-sql';
import { firstRow } from './sql-result';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = `"id", "realm", "username", "attributes", "revision", "created_at", "updated_at"`;

interface UserRow {
  id: string;
  realm: string;
  username: string;
  attributes: Record<string, unknown>;
  revision: number;
  created_at: Date;
  updated_at: Date;
  password_hash?: string | null;
}

/** `_id` and `username` are columns; every other field is read from the attributes. */
const userField: FieldColumn = (field, param) => {
  if (field.length === 1 && field[0] === '_id') return `"id"::text`;
  if (field.length === 1 && field[0] === 'username') return `"username"`;
  if (field.length === 1 && field[0] === '_rev') return `"revision"::text`;
  if (field[0] === 'userpassword' || field[0] === 'realm') return undefined;
  return `("attributes" #>> ${param(field)}::text[])`;
};

@Injectable()
export class TypeOrmUserStore implements UserStore {
  constructor(private readonly db: DataSource) {}

  async create(user: NewUser): Promise<User | undefined> {
    const rows: UserRow[] = await this.db.query(
      `INSERT INTO "authn"."users" ("realm", "username", "password_hash", "attributes") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("realm", lower("username")) DO NOTHING RETURNING ${COLUMNS}`,
      [user.realm, user.username, user.passwordHash, JSON.stringify(user.attributes)],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async find(realm: string, usernameOrId: string): Promise<User | undefined> {
    const byId = UUID.test(usernameOrId);
    const { rows } = await preparedSql<UserRow>(
      this.db,
      `SELECT ${COLUMNS} FROM "authn"."users"
        WHERE "realm" = $1 AND (lower("username") = lower($2) ${byId ? `OR "id" = $2::uuid` : ''})
        ORDER BY (lower("username") = lower($2)) DESC LIMIT 1`,
      [realm, usernameOrId],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async credentials(realm: string, username: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
    const { rows } = await preparedSql<UserRow>(
      this.db,
      `SELECT ${COLUMNS}, "password_hash" FROM "authn"."users" WHERE "realm" = $1 AND lower("username") = lower($2)`,
      [realm, username],
    );
    return rows[0] ? { user: toUser(rows[0]), passwordHash: rows[0].password_hash ?? null } : undefined;
  }

  async replace(realm: string, id: string, change: UserChange, ifRevision?: number): Promise<IdentityWriteResult<User>> {
    const rows: unknown = await this.db.query(
      `UPDATE "authn"."users"
          SET "attributes" = $3, "password_hash" = COALESCE($4, "password_hash"), "revision" = "revision" + 1, "updated_at" = now()
        WHERE "realm" = $1 AND "id" = $2 AND ($5::int IS NULL OR "revision" = $5::int)
        RETURNING ${COLUMNS}`,
      [realm, id, JSON.stringify(change.attributes), change.passwordHash ?? null, ifRevision ?? null],
    );
    const updated = firstRow<UserRow>(rows);
    if (updated) return { status: 'done', value: toUser(updated) };
    return (await this.exists(realm, id)) ? { status: 'stale' } : { status: 'missing' };
  }

  async delete(realm: string, id: string, ifRevision?: number): Promise<IdentityWriteResult<User>> {
    const rows = await this.db.query(
      `DELETE FROM "authn"."users" WHERE "realm" = $1 AND "id" = $2 AND ($3::int IS NULL OR "revision" = $3::int) RETURNING ${COLUMNS}`,
      [realm, id, ifRevision ?? null],
    );
    const deleted = firstRow<UserRow>(rows);
    if (deleted) return { status: 'done', value: toUser(deleted) };
    return (await this.exists(realm, id)) ? { status: 'stale' } : { status: 'missing' };
  }

  async query(realm: string, filter: QueryFilter): Promise<User[]> {
    const params: unknown[] = [realm];
    const where = filterToSql(filter, userField, params);
    const rows: UserRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM "authn"."users" WHERE "realm" = $1 AND ${where} ORDER BY lower("username")`,
      params,
    );
    return rows.map(toUser);
  }

  private async exists(realm: string, id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM "authn"."users" WHERE "realm" = $1 AND "id" = $2`, [realm, id]);
    return rows.length > 0;
  }
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    realm: row.realm,
    username: row.username,
    attributes: row.attributes ?? {},
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
