import type { QueryFilter } from '@mandate/contracts';

/** A user of a realm (owned by authn-service). The password hash never leaves the store's credentials lookup. */
export interface User {
  /** UUID: the `_id` of the CREST resource and the `sub` of tokens. */
  id: string;
  realm: string;
  username: string;
  /** Every other profile attribute, as the administrator wrote it (`mail`, `givenName`, `sn`, `cn`, ...). */
  attributes: Record<string, unknown>;
  /** Incremented on each change: the CREST `_rev`. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  realm: string;
  username: string;
  attributes: Record<string, unknown>;
  /** argon2id PHC string; null: the user cannot sign in with a password. */
  passwordHash: string | null;
}

export interface UserChange {
  attributes: Record<string, unknown>;
  /** undefined keeps the current password. */
  passwordHash?: string;
}

export type IdentityWriteResult<T> = { status: 'done'; value: T } | { status: 'missing' } | { status: 'stale' };

/** Storage port for users. Usernames are unique per realm, ignoring ASCII case. */
export interface UserStore {
  /** Inserts unless the username is taken in the realm (then undefined); safe under concurrency. */
  create(user: NewUser): Promise<User | undefined>;
  /** By username, or by `_id` when the reference is a UUID. */
  find(realm: string, usernameOrId: string): Promise<User | undefined>;
  /** The user and its password hash, for a login. */
  credentials(realm: string, username: string): Promise<{ user: User; passwordHash: string | null } | undefined>;
  /** Replaces the attributes (and the password if given); `ifRevision` makes it conditional. */
  replace(realm: string, id: string, change: UserChange, ifRevision?: number): Promise<IdentityWriteResult<User>>;
  delete(realm: string, id: string, ifRevision?: number): Promise<IdentityWriteResult<User>>;
  query(realm: string, filter: QueryFilter): Promise<User[]>;
}
export const USER_STORE = Symbol.for('mandate.port.user-store');
