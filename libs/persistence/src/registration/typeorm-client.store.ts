import { Injectable } from '@nestjs/common';
import type { ClientCreateExtras, ClientStore, ClientWrite, StoredClient } from '@mandate/oauth';
import { DataSource, type EntityManager } from 'typeorm';
import { ClientEntity } from './client.entity';
import { replaceScriptReferences, scriptReferencesOf } from './script-references';
import { claimIdempotentReply } from './typeorm-idempotent-reply.store';

@Injectable()
export class TypeOrmClientStore implements ClientStore {
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
      if (idempotentReply !== undefined) await claimIdempotentReply(em, client.realmId, idempotentReply);
      return { ...client, rev: rows[0].rev };
    });
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
