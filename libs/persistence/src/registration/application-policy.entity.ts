import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An AI agent's policy for one resource application; deleted with either client. */
@Entity({ name: 'application_policies' })
export class ApplicationPolicyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @PrimaryColumn({ type: 'text', name: 'agent_id' })
  agentId!: string;

  @PrimaryColumn({ type: 'text', name: 'application_id' })
  applicationId!: string;

  @Column({ type: 'text', array: true })
  subjects!: string[];

  @Column({ type: 'text', array: true, name: 'subject_groups' })
  subjectGroups!: string[];

  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Column({ type: 'integer' })
  rev!: number;
}
