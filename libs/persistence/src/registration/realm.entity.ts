import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'realms' })
export class RealmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** `/`, `/alpha`, `/alpha/child`: unique, as AM addresses realms by path. */
  @Column({ type: 'text', unique: true })
  path!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
