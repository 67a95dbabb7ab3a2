import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'sessions' })
export class SsoSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Hex SHA-256 of the token; the token itself is never stored. */
  @Column({ type: 'text', name: 'token_hash', unique: true })
  tokenHash!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  realm!: string;

  @Column({ type: 'integer', name: 'auth_level' })
  authLevel!: number;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;

  /** End of the maximum lifetime. */
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;
}
