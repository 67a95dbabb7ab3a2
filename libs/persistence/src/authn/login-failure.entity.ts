import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryColumn({ type: 'text' })
  realm!: string;

  /** lower(username): failures count per account whether or not it exists. */
  @PrimaryColumn({ type: 'text', name: 'username_key' })
  usernameKey!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'timestamptz', name: 'window_started_at' })
  windowStartedAt!: Date;

  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;
}
