import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an administrator stored for a realm's OAuth2 provider; defaults are applied on read. */
@Entity({ name: 'provider_settings' })
export class ProviderSettingsEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @Column({ type: 'jsonb' })
  settings!: Record<string, Record<string, unknown>>;

  @Column({ type: 'integer' })
  rev!: number;
}
