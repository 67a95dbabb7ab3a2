import { Injectable } from '@nestjs/common';
import { type ClientCreateExtras, type ClientStore, type ClientWrite, IdempotencyKeyTakenError, type IdempotentReply, type StoredClient } from '@mandate/oauth';
import { DataSource, type EntityManager } from 'typeorm';
import { ClientEntity } from './client.entity';
import { replaceScriptReferences, scriptReferencesOf } from './script-references';

/** One idempotent create in this many also purges expired answers. */
const PURGE_EVERY = 100;

@Injectable()
export class TypeOrmClientStore implements ClientStore {
  private idempotentCreates = 0;

  constructor(private readonly db: DataSource) {}

  async find(realmId: string, clientId: string): Promise<StoredClient | undefined> {
    const row = await this.db.getRepository(ClientEntity).findOneBy({ realmId, clientId });
    return row ? toClient(row, await scriptReferencesOf(this.db.manager, realmId, 'client', clientId)) : undefined;
  }

  async list(realmId: string, agentType?: StoredClient['agentType']): Promise<StoredClient[]> {
    const rows = await this.db.getRepository(ClientEntity).find({ where: agentType ? { realmId, agentType } : { realmId }, order: { clientId: 'ASC' } });
    return Promise.all(rows.map(async (row) => toClient(row, await scriptReferencesOf(this.db.manager, realmId, 'client', row.clientId))));
  }

  create(client: ClientWrite, extras: ClientCreateExtras = {}): Promise<StoredClient | undefined> {
    const { registrationAccessTokenHash, idempotentReply } = extras;
    return this.db.transaction(async (em) => {
      const rows: ClientRow[] = await em.query(
        `INSERT INTO "registration"."clients" ("realm_id", "client_id", "agent_type", "secret_hash", "config")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING "rev"`,
        [client.realmId, client.clientId, client.agentType, client.secretHash, JSON.stringify(client.config)],
      );
      if (!rows.length) return undefined;
      await replaceScriptReferences(em, client.realmId, 'client', client.clientId, client.scriptRefs);
      if (registrationAccessTokenHash !== undefined) {
        await em.query(`INSERT INTO "registration"."registration_access_tokens" ("realm_id", "client_id", "token_hash") VALUES ($1, $2, $3)`, [
          client.realmId,
          client.clientId,
          registrationAccessTokenHash,
        ]);
      }
      if (idempotentReply !== undefined) await this.claimKey(em, client, idempotentReply);
      return { ...client, rev: rows[0].rev };
    });
  }

  async findIdempotentReply(keyHash: string): Promise<IdempotentReply | undefined> {
    const rows: ReplyRow[] = await this.db.query(
      `SELECT "request_hash", "reply", "expires_at" FROM "registration"."idempotent_replies" WHERE "key_hash" = $1 AND "expires_at" > now()`,
      [keyHash],
    );
    return rows.length ? { keyHash, requestHash: rows[0].request_hash, reply: rows[0].reply, expiresAt: new Date(rows[0].expires_at) } : undefined;
  }

  /**
   * The key is claimed by the insert itself: a concurrent create with the same key waits on the
   * unique index, then finds it live and rolls its client back (IdempotencyKeyTakenError). An
   * expired row is taken over.
   */
  private async claimKey(em: EntityManager, client: ClientWrite, reply: IdempotentReply): Promise<void> {
    if (++this.idempotentCreates % PURGE_EVERY === 0) await em.query(`DELETE FROM "registration"."idempotent_replies" WHERE "expires_at" <= now()`);
    const claimed: unknown[] = await em.query(
      `INSERT INTO "registration"."idempotent_replies" ("key_hash", "realm_id", "client_id", "request_hash", "reply", "expires_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("key_hash") DO UPDATE SET
         "realm_id" = EXCLUDED."realm_id", "client_id" = EXCLUDED."client_id", "request_hash" = EXCLUDED."request_hash",
         "reply" = EXCLUDED."reply", "expires_at" = EXCLUDED."expires_at"
       WHERE "idempotent_replies"."expires_at" <= now()
       RETURNING 1`,
      [reply.keyHash, client.realmId, client.clientId, reply.requestHash, JSON.stringify(reply.reply), reply.expiresAt],
    );
    if (!claimed.length) throw new IdempotencyKeyTakenError();
  }

  save(client: ClientWrite): Promise<{ client: StoredClient; created: boolean }> {
    return this.db.transaction(async (em) => {
      const rows: ClientRow[] = await em.query(
        `INSERT INTO "registration"."clients" ("realm_id", "client_id", "agent_type", "secret_hash", "config")
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("realm_id", "client_id") DO UPDATE SET
           "agent_type" = EXCLUDED."agent_type", "secret_hash" = EXCLUDED."secret_hash", "config" = EXCLUDED."config",
           "rev" = "clients"."rev" + 1, "updated_at" = now()
         RETURNING "rev", (xmax = 0) AS "created"`,
        [client.realmId, client.clientId, client.agentType, client.secretHash, JSON.stringify(client.config)],
      );
      await replaceScriptReferences(em, client.realmId, 'client', client.clientId, client.scriptRefs);
      return { client: { ...client, rev: rows[0].rev }, created: rows[0].created === true };
    });
  }

  remove(realmId: string, clientId: string): Promise<StoredClient | undefined> {
    return this.db.transaction(async (em: EntityManager) => {
      const row = await em.getRepository(ClientEntity).findOneBy({ realmId, clientId });
      if (!row) return undefined;
      const refs = await scriptReferencesOf(em, realmId, 'client', clientId);
      await replaceScriptReferences(em, realmId, 'client', clientId, []);
      // Its application policies, as agent or as application, go with it (ON DELETE CASCADE).
      await em.query(`DELETE FROM "registration"."clients" WHERE "realm_id" = $1 AND "client_id" = $2`, [realmId, clientId]);
      return toClient(row, refs);
    });
  }
}

interface ReplyRow {
  request_hash: string;
  reply: unknown;
  expires_at: string | Date;
}

interface ClientRow {
  rev: number;
  created?: boolean;
}

function toClient(row: ClientEntity, scriptRefs: string[]): StoredClient {
  return {
    realmId: row.realmId,
    clientId: row.clientId,
    agentType: row.agentType,
    secretHash: row.secretHash,
    config: row.config,
    scriptRefs,
    rev: row.rev,
  };
}
