export interface Realm {
  id: string;
  /** `/` for the top-level realm, `/alpha` for a sub-realm. */
  path: string;
  name: string;
  active: boolean;
}

/** Storage port for realms (owned by registration-service). */
export interface RealmStore {
  findByPath(path: string): Promise<Realm | undefined>;
  list(): Promise<Realm[]>;
}
export const REALM_STORE = Symbol.for('mandate.port.realm-store');
