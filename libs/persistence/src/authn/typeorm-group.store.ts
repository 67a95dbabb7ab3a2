import { Injectable } from '@nestjs/common';
import type { QueryFilter } from '@mandate/contracts';
import type { Group, GroupStore, IdentityWriteResult } from '@mandate/oauth';
import { DataSource, type EntityManager } from 'typeorm';
import { type FieldColumn, filterToSql } from '../query-filter.sql';
import { firstRow } from './sql-result';

interface GroupRow {
  id: string;
  realm: string;
  name: string;
  revision: number;
  members: string[];
}

const SELECT = `
  SELECT g."id", g."realm", g."name", g."revision",
         COALESCE(array_agg(u."username" ORDER BY lower(u."username")) FILTER (WHERE u."id" IS NOT NULL), '{}') AS "members"
    FROM "authn"."groups" g
    LEFT JOIN "authn"."group_members" m ON m."group_id" = g."id"
    LEFT JOIN "authn"."users" u ON u."id" = m."user_id"`;

/** A group's name is its `_id` and its `username` (AM's convention for groups). */
const groupField: FieldColumn = (field) => {
  if (field.length === 1 && ['_id', 'username', 'cn'].includes(field[0])) return `g."name"`;
  if (field.length === 1 && field[0] === '_rev') return `g."revision"::text`;
  return undefined;
};

@Injectable()
export class TypeOrmGroupStore implements GroupStore {
  constructor(private readonly db: DataSource) {}

  create(realm: string, name: string, memberIds: string[]): Promise<Group | undefined> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{ id: string }> = await tx.query(
        `INSERT INTO "authn"."groups" ("realm", "name") VALUES ($1, $2) ON CONFLICT ("realm", lower("name")) DO NOTHING RETURNING "id"`,
        [realm, name],
      );
      if (!rows[0]) return undefined;
      await this.setMembers(tx, rows[0].id, memberIds);
      return this.findIn(tx, realm, name);
    });
  }

  find(realm: string, name: string): Promise<Group | undefined> {
    return this.findIn(this.db.manager, realm, name);
  }

  replace(realm: string, name: string, memberIds: string[], ifRevision?: number): Promise<IdentityWriteResult<Group>> {
    return this.db.transaction(async (tx) => {
      const updated = firstRow<{ id: string }>(
        await tx.query(
          `UPDATE "authn"."groups" SET "revision" = "revision" + 1, "updated_at" = now()
            WHERE "realm" = $1 AND lower("name") = lower($2) AND ($3::int IS NULL OR "revision" = $3::int) RETURNING "id"`,
          [realm, name, ifRevision ?? null],
        ),
      );
      if (!updated) return (await this.findIn(tx, realm, name)) ? { status: 'stale' } : { status: 'missing' };
      await tx.query(`DELETE FROM "authn"."group_members" WHERE "group_id" = $1`, [updated.id]);
      await this.setMembers(tx, updated.id, memberIds);
      const group = await this.findIn(tx, realm, name);
      return group ? { status: 'done', value: group } : { status: 'missing' };
    });
  }

  delete(realm: string, name: string, ifRevision?: number): Promise<IdentityWriteResult<Group>> {
    return this.db.transaction(async (tx) => {
      const group = await this.findIn(tx, realm, name);
      if (!group) return { status: 'missing' };
      const deleted = firstRow<{ id: string }>(
        await tx.query(`DELETE FROM "authn"."groups" WHERE "id" = $1 AND ($2::int IS NULL OR "revision" = $2::int) RETURNING "id"`, [
          group.id,
          ifRevision ?? null,
        ]),
      );
      return deleted ? { status: 'done', value: group } : { status: 'stale' };
    });
  }

  async query(realm: string, filter: QueryFilter): Promise<Group[]> {
    const params: unknown[] = [realm];
    const where = filterToSql(filter, groupField, params);
    const rows: GroupRow[] = await this.db.query(`${SELECT} WHERE g."realm" = $1 AND ${where} GROUP BY g."id" ORDER BY lower(g."name")`, params);
    return rows.map(toGroup);
  }

  async groupsOf(userId: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.db.query(
      `SELECT g."name" FROM "authn"."groups" g JOIN "authn"."group_members" m ON m."group_id" = g."id" WHERE m."user_id" = $1 ORDER BY lower(g."name")`,
      [userId],
    );
    return rows.map((r) => r.name);
  }

  private async findIn(db: EntityManager, realm: string, name: string): Promise<Group | undefined> {
    const rows: GroupRow[] = await db.query(`${SELECT} WHERE g."realm" = $1 AND lower(g."name") = lower($2) GROUP BY g."id"`, [realm, name]);
    return rows[0] ? toGroup(rows[0]) : undefined;
  }

  private async setMembers(tx: EntityManager, groupId: string, memberIds: string[]): Promise<void> {
    if (!memberIds.length) return;
    await tx.query(
      `INSERT INTO "authn"."group_members" ("group_id", "user_id") SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [groupId, memberIds],
    );
  }
}

function toGroup(row: GroupRow): Group {
  return { id: row.id, realm: row.realm, name: row.name, revision: row.revision, members: row.members };
}
