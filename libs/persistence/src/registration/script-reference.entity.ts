import { Entity, PrimaryColumn } from 'typeorm';

/** Which configuration references which script; a referenced script cannot be deleted. */
@Entity({ name: 'script_references' })
export class ScriptReferenceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'realm_id' })
  realmId!: string;

  @PrimaryColumn({ type: 'text', name: 'owner_kind' })
  ownerKind!: 'client' | 'provider';

  @PrimaryColumn({ type: 'text', name: 'owner_id' })
  ownerId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'script_id' })
  scriptId!: string;
}
