import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A realm's JWT signing key pair. `private_jwk` holds the AES-256-GCM sealed private JWK, never the clear one. */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** `/alpha` */
  @Column({ type: 'text' })
  realm!: string;

  @Column({ type: 'text', unique: true })
  kid!: string;

  @Column({ type: 'text' })
  alg!: 'RS256' | 'ES256';

  @Column({ type: 'jsonb', name: 'public_jwk' })
  publicJwk!: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'private_jwk' })
  privateJwk!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: 'active' | 'retired';

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  /** When the last token this (retired) key signed has expired. */
  @Column({ type: 'timestamptz', name: 'not_after', nullable: true })
  notAfter!: Date | null;
}
