import { Injectable } from '@nestjs/common';
import type { ApplicationPolicyStore, ApplicationPolicyWrite, StoredApplicationPolicy } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { ApplicationPolicyEntity } from './application-policy.entity';

@Injectable()
export class TypeOrmApplicationPolicyStore implements ApplicationPolicyStore {
  constructor(private readonly db: DataSource) {}

  async find(realmId: string, agentId: string, applicationId: string): Promise<StoredApplicationPolicy | undefined> {
    const row = await this.db.getRepository(ApplicationPolicyEntity).findOneBy({ realmId, agentId, applicationId });
    return row ? toPolicy(row) : undefined;
  }

  async list(realmId: string, agentId: string): Promise<StoredApplicationPolicy[]> {
    return (await this.db.getRepository(ApplicationPolicyEntity).find({ where: { realmId, agentId }, order: { applicationId: 'ASC' } })).map(toPolicy);
  }

  async create(policy: ApplicationPolicyWrite): Promise<StoredApplicationPolicy | undefined> {
    const rows: Array<{ rev: number }> = await this.db.query(
      `INSERT INTO "registration"."application_policies" ("realm_id", "agent_id", "application_id", "subjects", "subject_groups", "permissions")
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING "rev"`,
      params(policy),
    );
    return rows.length ? { ...policy, rev: rows[0].rev } : undefined;
  }

  async save(policy: ApplicationPolicyWrite): Promise<{ policy: StoredApplicationPolicy; created: boolean }> {
    const rows: Array<{ rev: number; created: boolean }> = await this.db.query(
      `INSERT INTO "registration"."application_policies" ("realm_id", "agent_id", "application_id", "subjects", "subject_groups", "permissions")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("realm_id", "agent_id", "application_id") DO UPDATE SET
         "subjects" = EXCLUDED."subjects", "subject_groups" = EXCLUDED."subject_groups", "permissions" = EXCLUDED."permissions",
         "rev" = "application_policies"."rev" + 1, "updated_at" = now()
       RETURNING "rev", (xmax = 0) AS "created"`,
      params(policy),
    );
    return { policy: { ...policy, rev: rows[0].rev }, created: rows[0].created === true };
  }

  async remove(realmId: string, agentId: string, applicationId: string): Promise<StoredApplicationPolicy | undefined> {
    const existing = await this.find(realmId, agentId, applicationId);
    if (!existing) return undefined;
    await this.db.query(`DELETE FROM "registration"."application_policies" WHERE "realm_id" = $1 AND "agent_id" = $2 AND "application_id" = $3`, [
      realmId,
      agentId,
      applicationId,
    ]);
    return existing;
  }
}

function params(p: ApplicationPolicyWrite): unknown[] {
  return [p.realmId, p.agentId, p.applicationId, p.subjects, p.subjectGroups, p.permissions];
}

function toPolicy(row: ApplicationPolicyEntity): StoredApplicationPolicy {
  return {
    realmId: row.realmId,
    agentId: row.agentId,
    applicationId: row.applicationId,
    subjects: row.subjects,
    subjectGroups: row.subjectGroups,
    permissions: row.permissions,
    rev: row.rev,
  };
}
