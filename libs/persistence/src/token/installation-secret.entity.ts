import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Secrets token-service generated for this installation because configuration supplied none. */
@Entity({ name: 'installation_secrets' })
export class InstallationSecretEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
