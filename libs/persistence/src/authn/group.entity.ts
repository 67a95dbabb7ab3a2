import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'groups' })
export class GroupEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  realm!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'group_members' })
export class GroupMemberEntity {
  @PrimaryColumn({ type: 'uuid', name: 'group_id' })
  groupId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId!: string;
}
