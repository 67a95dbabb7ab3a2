import type { Realm } from './realm.store';

/** Creates realms (declarative import); owned by registration-service. */
export interface RealmWriter {
  /** The realm at `path`, created (active) when absent. */
  ensure(path: string): Promise<Realm>;
}
export const REALM_WRITER = Symbol.for('mandate.port.realm-writer');
