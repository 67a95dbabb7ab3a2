import type { QueryFilter } from '@mandate/contracts';
import type { IdentityWriteResult } from './user.store';

/** A group of a realm; members are users of the same realm. */
export interface Group {
  id: string;
  realm: string;
  name: string;
  /** Member usernames, sorted. */
  members: string[];
  revision: number;
}

/** Storage port for groups. Names are unique per realm, ignoring ASCII case; members are user ids. */
export interface GroupStore {
  /** Inserts unless the name is taken in the realm (then undefined). */
  create(realm: string, name: string, memberIds: string[]): Promise<Group | undefined>;
  find(realm: string, name: string): Promise<Group | undefined>;
  replace(realm: string, name: string, memberIds: string[], ifRevision?: number): Promise<IdentityWriteResult<Group>>;
  delete(realm: string, name: string, ifRevision?: number): Promise<IdentityWriteResult<Group>>;
  query(realm: string, filter: QueryFilter): Promise<Group[]>;
  /** Names of the groups a user belongs to (for application policies' `subjectGroups`). */
  groupsOf(userId: string): Promise<string[]>;
}
export const GROUP_STORE = Symbol.for('mandate.port.group-store');
