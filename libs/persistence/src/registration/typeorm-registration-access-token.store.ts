import { Injectable } from '@nestjs/common';
import type { RegistrationAccessTokenStore } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { RegistrationAccessTokenEntity } from './registration-access-token.entity';

@Injectable()
export class TypeOrmRegistrationAccessTokenStore implements RegistrationAccessTokenStore {
  constructor(private readonly db: DataSource) {}

  async save(realmId: string, clientId: string, tokenHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO "registration"."registration_access_tokens" ("realm_id", "client_id", "token_hash")
       VALUES ($1, $2, $3)
       ON CONFLICT ("realm_id", "client_id") DO UPDATE SET "token_hash" = EXCLUDED."token_hash", "issued_at" = now()`,
      [realmId, clientId, tokenHash],
    );
  }

  async findHash(realmId: string, clientId: string): Promise<string | undefined> {
    const row = await this.db.getRepository(RegistrationAccessTokenEntity).findOneBy({ realmId, clientId });
    return row?.tokenHash;
  }
}
