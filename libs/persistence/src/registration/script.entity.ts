import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'scripts' })
export class ScriptEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Unique per realm: client configuration may reference a script by name. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  language!: 'JAVASCRIPT' | 'GROOVY';

  @Column({ type: 'text' })
  context!: string;

  @Column({ type: 'text', name: 'evaluator_version' })
  evaluatorVersion!: '1.0' | '2.0';

  /** Decoded UTF-8 source (the wire carries it base64-encoded). */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'text', name: 'modified_by' })
  modifiedBy!: string;

  @Column({ type: 'timestamptz', name: 'modified_at' })
  modifiedAt!: Date;

  @Column({ type: 'integer' })
  rev!: number;
}
