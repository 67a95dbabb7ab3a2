import { Injectable } from '@nestjs/common';
import type { CibaRequestChange, CibaRequestRecord, CibaRequestStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';

const TABLE = '"authorize"."ciba_requests"';

interface Row {
  id_hash: string;
  approval_id: string;
  realm: string;
  client_id: string;
  client_name: string | null;
  user_id: string;
  username: string;
  scopes: string[];
  resources: string[];
  actors: string[];
  binding_message: string | null;
  delivery_mode: 'poll' | 'ping';
  notification_endpoint: string | null;
  notification_token: string | null;
  ping_auth_req_id: string | null;
  interval: number;
  status: CibaRequestRecord['status'];
  created_at: Date;
  expires_at: Date;
  last_polled_at: Date | null;
  decided_at: Date | null;
  consumed_at: Date | null;
  auth_grant_id: string;
}

const CHANGE_COLUMNS: Record<keyof CibaRequestChange, string> = {
  interval: 'interval',
  status: 'status',
  lastPolledAt: 'last_polled_at',
  decidedAt: 'decided_at',
  consumedAt: 'consumed_at',
};

@Injectable()
export class TypeOrmCibaRequestStore implements CibaRequestStore {
  constructor(private readonly db: DataSource) {}

  async save(r: CibaRequestRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO ${TABLE} ("id_hash", "approval_id", "realm", "client_id", "client_name", "user_id", "username", "scopes", "resources", "actors",
                             "binding_message", "delivery_mode", "notification_endpoint", "notification_token", "interval", "status",
                             "created_at", "expires_at", "last_polled_at", "decided_at", "consumed_at", "auth_grant_id", "ping_auth_req_id")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        r.idHash, r.approvalId, r.realm, r.clientId, r.clientName, r.userId, r.username, r.scopes, r.resources, r.actors,
        r.bindingMessage, r.deliveryMode, r.notificationEndpoint, r.notificationToken, r.interval, r.status,
        r.createdAt, r.expiresAt, r.lastPolledAt, r.decidedAt, r.consumedAt, r.authGrantId, r.pingAuthReqId,
      ],
    );
  }

  update<T>(realm: string, key: { idHash: string } | { approvalId: string }, decide: (record: CibaRequestRecord) => { change?: CibaRequestChange; result: T }): Promise<T | null> {
    const [column, value] = 'idHash' in key ? ['id_hash', key.idHash] : ['approval_id', key.approvalId];
    return this.db.transaction(async (m) => {
      const rows = (await m.query(`SELECT * FROM ${TABLE} WHERE "${column}" = $1 AND "realm" = $2 FOR UPDATE`, [value, realm])) as Row[];
      if (!rows[0]) return null;
      const record = toRecord(rows[0]);
      const { change, result } = decide(record);
      const entries = Object.entries(change ?? {}) as [keyof CibaRequestChange, unknown][];
      if (entries.length) {
        const sets = entries.map(([k], i) => `"${CHANGE_COLUMNS[k]}" = $${i + 2}`).join(', ');
        await m.query(`UPDATE ${TABLE} SET ${sets} WHERE "id_hash" = $1`, [record.idHash, ...entries.map(([, v]) => v)]);
      }
      return result;
    });
  }

  async pendingFor(realm: string, userId: string, at: Date): Promise<CibaRequestRecord[]> {
    const rows = (await this.db.query(
      `SELECT * FROM ${TABLE} WHERE "realm" = $1 AND "user_id" = $2 AND "status" = 'pending' AND "expires_at" > $3 ORDER BY "created_at", "approval_id"`,
      [realm, userId, at],
    )) as Row[];
    return rows.map(toRecord);
  }

  async deleteExpired(before: Date): Promise<number> {
    const result = await this.db.query(`DELETE FROM ${TABLE} WHERE "expires_at" < $1`, [before]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}

function toRecord(r: Row): CibaRequestRecord {
  return {
    idHash: r.id_hash,
    approvalId: r.approval_id,
    realm: r.realm,
    clientId: r.client_id,
    clientName: r.client_name,
    userId: r.user_id,
    username: r.username,
    scopes: r.scopes,
    resources: r.resources,
    actors: r.actors,
    bindingMessage: r.binding_message,
    deliveryMode: r.delivery_mode,
    notificationEndpoint: r.notification_endpoint,
    notificationToken: r.notification_token,
    pingAuthReqId: r.ping_auth_req_id,
    interval: r.interval,
    status: r.status,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastPolledAt: r.last_polled_at,
    decidedAt: r.decided_at,
    consumedAt: r.consumed_at,
    authGrantId: r.auth_grant_id,
  };
}
