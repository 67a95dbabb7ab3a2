import { Injectable } from '@nestjs/common';
import type { IdempotentReply, ScriptReference, ScriptStore, ScriptWrite, StoredScript } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { ScriptEntity } from './script.entity';
import { claimIdempotentReply } from './typeorm-idempotent-reply.store';

@Injectable()
export class TypeOrmScriptStore implements ScriptStore {
  constructor(private readonly db: DataSource) {}

  async findById(realmId: string, id: string): Promise<StoredScript | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.db.getRepository(ScriptEntity).findOneBy({ realmId, id: id.toLowerCase() });
    return row ? toScript(row) : undefined;
  }

  async findByName(realmId: string, name: string): Promise<StoredScript | undefined> {
    const row = await this.db.getRepository(ScriptEntity).findOneBy({ realmId, name });
    return row ? toScript(row) : undefined;
  }

  async list(realmId: string): Promise<StoredScript[]> {
    return (await this.db.getRepository(ScriptEntity).find({ where: { realmId }, order: { name: 'ASC' } })).map(toScript);
  }

  create(script: ScriptWrite, answer?: (saved: StoredScript) => IdempotentReply): Promise<StoredScript | undefined> {
    return this.db.transaction(async (em) => {
      const rows: ScriptEntityRow[] = await em.query(
        `INSERT INTO "registration"."scripts"
           ("realm_id", "id", "name", "description", "language", "context", "evaluator_version", "source", "created_by", "modified_by")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ("realm_id", "id") DO NOTHING RETURNING *`,
        params(script),
      );
      if (!rows.length) return undefined;
      const saved = fromRow(rows[0]);
      if (answer) await claimIdempotentReply(em, script.realmId, answer(saved));
      return saved;
    });
  }

  async save(script: ScriptWrite): Promise<{ script: StoredScript; created: boolean }> {
    const rows: Array<ScriptEntityRow & { created: boolean }> = await this.db.query(
      `INSERT INTO "registration"."scripts"
         ("realm_id", "id", "name", "description", "language", "context", "evaluator_version", "source", "created_by", "modified_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ("realm_id", "id") DO UPDATE SET
         "name" = EXCLUDED."name", "description" = EXCLUDED."description", "language" = EXCLUDED."language",
         "context" = EXCLUDED."context", "evaluator_version" = EXCLUDED."evaluator_version", "source" = EXCLUDED."source",
         "modified_by" = EXCLUDED."modified_by", "modified_at" = now(), "rev" = "scripts"."rev" + 1
       RETURNING *, (xmax = 0) AS "created"`,
      params(script),
    );
    return { script: fromRow(rows[0]), created: rows[0].created === true };
  }

  async references(realmId: string, id: string): Promise<ScriptReference[]> {
    const rows: Array<{ owner_kind: 'client' | 'provider'; owner_id: string }> = await this.db.query(
      `SELECT "owner_kind", "owner_id" FROM "registration"."script_references" WHERE "realm_id" = $1 AND "script_id" = $2 ORDER BY "owner_kind", "owner_id"`,
      [realmId, id],
    );
    return rows.map((r) => ({ ownerKind: r.owner_kind, ownerId: r.owner_id }));
  }

  async remove(realmId: string, id: string): Promise<StoredScript | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: ScriptEntityRow[] = await this.db.query(`DELETE FROM "registration"."scripts" WHERE "realm_id" = $1 AND "id" = $2 RETURNING *`, [
      realmId,
      id.toLowerCase(),
    ]);
    return rows.length ? fromRow(rows[0]) : undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ScriptEntityRow {
  realm_id: string;
  id: string;
  name: string;
  description: string;
  language: 'JAVASCRIPT' | 'GROOVY';
  context: string;
  evaluator_version: '1.0' | '2.0';
  source: string;
  created_by: string;
  created_at: Date;
  modified_by: string;
  modified_at: Date;
  rev: number;
}

function params(s: ScriptWrite): unknown[] {
  return [s.realmId, s.id.toLowerCase(), s.name, s.description, s.language, s.context, s.evaluatorVersion, s.source, s.createdBy ?? s.lastModifiedBy, s.lastModifiedBy];
}

function fromRow(r: ScriptEntityRow): StoredScript {
  return {
    id: r.id,
    realmId: r.realm_id,
    name: r.name,
    description: r.description,
    language: r.language,
    context: r.context,
    evaluatorVersion: r.evaluator_version,
    source: r.source,
    createdBy: r.created_by,
    creationDate: new Date(r.created_at).getTime(),
    lastModifiedBy: r.modified_by,
    lastModifiedDate: new Date(r.modified_at).getTime(),
    rev: r.rev,
  };
}

function toScript(e: ScriptEntity): StoredScript {
  return {
    id: e.id,
    realmId: e.realmId,
    name: e.name,
    description: e.description,
    language: e.language,
    context: e.context,
    evaluatorVersion: e.evaluatorVersion,
    source: e.source,
    createdBy: e.createdBy,
    creationDate: e.createdAt.getTime(),
    lastModifiedBy: e.modifiedBy,
    lastModifiedDate: e.modifiedAt.getTime(),
    rev: e.rev,
  };
}
