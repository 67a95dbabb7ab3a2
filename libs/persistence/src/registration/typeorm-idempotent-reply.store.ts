import { Injectable } from '@nestjs/common';
import { IdempotencyKeyTakenError, type IdempotentReply, type IdempotentReplyStore } from '@mandate/oauth';
import { DataSource, type EntityManager } from 'typeorm';

/** One claim in this many also purges expired answers. */
const PURGE_EVERY = 100;
let claims = 0;

interface ReplyRow {
  request_hash: string;
  reply: unknown;
  expires_at: string | Date;
}

/**
 * Claims `reply.keyHash` inside the transaction `em` that creates the resource it answers. The
 * insert is the claim: a concurrent create with the same key waits on the primary key, then
 * finds it live and throws IdempotencyKeyTakenError, so its transaction rolls back. An expired
 * row is taken over.
 */
export async function claimIdempotentReply(em: EntityManager, realmId: string, reply: IdempotentReply): Promise<void> {
  if (++claims % PURGE_EVERY === 0) await em.query(`DELETE FROM "registration"."idempotent_replies" WHERE "expires_at" <= now()`);
  const claimed: unknown[] = await em.query(
    `INSERT INTO "registration"."idempotent_replies" ("key_hash", "realm_id", "request_hash", "reply", "expires_at")
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("key_hash") DO UPDATE SET
       "realm_id" = EXCLUDED."realm_id", "request_hash" = EXCLUDED."request_hash", "reply" = EXCLUDED."reply", "expires_at" = EXCLUDED."expires_at"
     WHERE "idempotent_replies"."expires_at" <= now()
     RETURNING 1`,
    [reply.keyHash, realmId, reply.requestHash, JSON.stringify(reply.reply), reply.expiresAt],
  );
  if (!claimed.length) throw new IdempotencyKeyTakenError();
}

/** `registration.idempotent_replies`: the answers the creating stores claimed. */
@Injectable()
export class TypeOrmIdempotentReplyStore implements IdempotentReplyStore {
  constructor(private readonly db: DataSource) {}

  async find(keyHash: string): Promise<IdempotentReply | undefined> {
    const rows: ReplyRow[] = await this.db.query(
      `SELECT "request_hash", "reply", "expires_at" FROM "registration"."idempotent_replies" WHERE "key_hash" = $1 AND "expires_at" > now()`,
      [keyHash],
    );
    return rows.length ? { keyHash, requestHash: rows[0].request_hash, reply: rows[0].reply, expiresAt: new Date(rows[0].expires_at) } : undefined;
  }
}
