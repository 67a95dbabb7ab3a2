import { Column, Entity, PrimaryColumn } from 'typeorm';

/** OAuth2 clients and AI agents share one id space per realm. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @PrimaryColumn({ type: 'text', name: 'client_id' })
  clientId!: string;

  @Column({ type: 'text', name: 'agent_type' })
  agentType!: 'OAuth2Client' | 'AIAgent';

  /** argon2id PHC string; the secret itself is never stored. */
  @Column({ type: 'text', name: 'secret_hash', nullable: true })
  secretHash!: string | null;

  /** AM's configuration sections, plain values, without `userpassword`. */
  @Column({ type: 'jsonb' })
  config!: Record<string, Record<string, unknown>>;

  @Column({ type: 'integer' })
  rev!: number;
}
