import { Column, Entity, PrimaryColumn } from 'typeorm';

/** RFC 7592: the hash of a dynamically registered client's registration access token. */
@Entity({ name: 'registration_access_tokens' })
export class RegistrationAccessTokenEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @PrimaryColumn({ type: 'text', name: 'client_id' })
  clientId!: string;

  /** SHA-256 (base64url) of the token; the token itself is never stored. */
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;
}
