import type { AuditEvent } from '@mandate/contracts';
import type { AuditOutboxStore } from '@mandate/oauth';
import type { DataSource } from 'typeorm';
import { batchedWrite } from '../batched-statements';
import { preparedSql } from '../prepared-sql';

/**
 * A producer's audit outbox (`<schema>.audit_outbox`). The events of one event-loop turn go in
 * one statement; an event already waiting (same id) is kept once.
 */
export class TypeOrmAuditOutboxStore implements AuditOutboxStore {
  private readonly table: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."audit_outbox"`;
  }

  async add(events: AuditEvent[]): Promise<void> {
    if (events.length) await this.write(events);
  }

  private readonly write = batchedWrite<AuditEvent[]>(async (calls) => {
    await preparedSql(
      this.db,
      `INSERT INTO ${this.table} ("id", "event")
       SELECT (e->>'id')::uuid, e FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT ("id") DO NOTHING`,
      [JSON.stringify(calls.flat())],
    );
  });

  async oldest(limit: number): Promise<AuditEvent[]> {
    const { rows } = await preparedSql<{ event: AuditEvent }>(this.db, `SELECT "event" FROM ${this.table} ORDER BY "seq" LIMIT $1`, [limit]);
    return rows.map((row) => row.event);
  }

  async remove(ids: string[]): Promise<void> {
    await preparedSql(this.db, `DELETE FROM ${this.table} WHERE "id" = ANY($1::uuid[])`, [ids]);
  }
}
