import { Injectable } from '@nestjs/common';
import type { ProviderSettingsStore, StoredProviderSettings } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { ProviderSettingsEntity } from './provider-settings.entity';
import { replaceScriptReferences, scriptReferencesOf } from './script-references';

const OWNER_ID = 'oauth-oidc';

@Injectable()
export class TypeOrmProviderSettingsStore implements ProviderSettingsStore {
  constructor(private readonly db: DataSource) {}

  async find(realmId: string): Promise<StoredProviderSettings | undefined> {
    const row = await this.db.getRepository(ProviderSettingsEntity).findOneBy({ realmId });
    if (!row) return undefined;
    return { realmId, settings: row.settings, rev: row.rev, scriptRefs: await scriptReferencesOf(this.db.manager, realmId, 'provider', OWNER_ID) };
  }

  save(settings: Omit<StoredProviderSettings, 'rev'>): Promise<StoredProviderSettings> {
    return this.db.transaction(async (em) => {
      const rows: Array<{ rev: number }> = await em.query(
        `INSERT INTO "registration"."provider_settings" ("realm_id", "settings") VALUES ($1, $2)
         ON CONFLICT ("realm_id") DO UPDATE SET "settings" = EXCLUDED."settings", "rev" = "provider_settings"."rev" + 1, "updated_at" = now()
         RETURNING "rev"`,
        [settings.realmId, JSON.stringify(settings.settings)],
      );
      await replaceScriptReferences(em, settings.realmId, 'provider', OWNER_ID, settings.scriptRefs);
      return { ...settings, rev: rows[0].rev };
    });
  }
}
