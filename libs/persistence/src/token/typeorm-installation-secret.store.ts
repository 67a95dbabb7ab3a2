import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { InstallationSecretStore } from '@mandate/oauth';
import type { Repository } from 'typeorm';
import { InstallationSecretEntity } from './installation-secret.entity';

@Injectable()
export class TypeOrmInstallationSecretStore implements InstallationSecretStore {
  constructor(@InjectRepository(InstallationSecretEntity) private readonly secrets: Repository<InstallationSecretEntity>) {}

  async getOrCreate(name: string, candidate: string): Promise<string> {
    await this.secrets.query(
      `INSERT INTO "token"."installation_secrets" ("name", "value") VALUES ($1, $2) ON CONFLICT ("name") DO NOTHING`,
      [name, candidate],
    );
    const row = await this.secrets.findOneByOrFail({ name });
    return row.value;
  }
}
