import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An authorization code (am-spec §3.5). Only the code's SHA-256 is stored. */
@Entity({ name: 'authorization_codes' })
export class AuthorizationCodeEntity {
  /** sha256Base64url of the code. */
  @PrimaryColumn({ type: 'text', name: 'code_hash' })
  codeHash!: string;

  /** `/alpha` */
  @Column({ type: 'text' })
  realm!: string;

  @Column({ type: 'text', name: 'client_id' })
  clientId!: string;

  /** The `redirect_uri` as sent to /authorize; null when the request left it out. */
  @Column({ type: 'text', name: 'redirect_uri', nullable: true })
  redirectUri!: string | null;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  /** RFC 8707: the `resource` values of the authorization request; empty when it named none. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  resources!: string[];

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'integer', name: 'auth_level' })
  authLevel!: number;

  /** Seconds since the epoch. */
  @Column({ type: 'bigint', name: 'auth_time' })
  authTime!: string;

  @Column({ type: 'text', name: 'code_challenge', nullable: true })
  codeChallenge!: string | null;

  @Column({ type: 'text', name: 'code_challenge_method', nullable: true })
  codeChallengeMethod!: 'S256' | 'plain' | null;

  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  /** Every token issued from this code carries it; a replay revokes them all. */
  @Column({ type: 'text', name: 'auth_grant_id' })
  authGrantId!: string;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  /** Set by the one redemption that won; a later redemption is a replay. */
  @Column({ type: 'timestamptz', name: 'consumed_at', nullable: true })
  consumedAt!: Date | null;
}
