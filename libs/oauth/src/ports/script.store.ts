import type { IdempotentReply } from './idempotent-reply.store';

export interface StoredScript {
  /** UUID (`_id`). */
  id: string;
  realmId: string;
  name: string;
  description: string;
  language: 'JAVASCRIPT' | 'GROOVY';
  context: string;
  evaluatorVersion: '1.0' | '2.0';
  /** Decoded UTF-8 source. */
  source: string;
  createdBy: string;
  /** Milliseconds since the epoch, as AM writes `creationDate`. */
  creationDate: number;
  lastModifiedBy: string;
  lastModifiedDate: number;
  rev: number;
}

export type ScriptWrite = Omit<StoredScript, 'rev' | 'creationDate' | 'lastModifiedDate' | 'createdBy'> & { createdBy?: string };

/** Who references a script: a client (`client`, its id) or the provider (`provider`, `oauth-oidc`). */
export interface ScriptReference {
  ownerKind: 'client' | 'provider';
  ownerId: string;
}

/** Storage port for scripts (owned by registration-service). Names are unique per realm. */
export interface ScriptStore {
  findById(realmId: string, id: string): Promise<StoredScript | undefined>;
  findByName(realmId: string, name: string): Promise<StoredScript | undefined>;
  list(realmId: string): Promise<StoredScript[]>;
  /** Inserts or replaces by id; `created` tells which. */
  save(script: ScriptWrite): Promise<{ script: StoredScript; created: boolean }>;
  /** Inserts only: undefined when the id is taken. `answer(saved)`, when given, is written in the same transaction (IdempotentReply). */
  create(script: ScriptWrite, answer?: (saved: StoredScript) => IdempotentReply): Promise<StoredScript | undefined>;
  references(realmId: string, id: string): Promise<ScriptReference[]>;
  /** Removes an unreferenced script; undefined when there is none with this id. */
  remove(realmId: string, id: string): Promise<StoredScript | undefined>;
}
export const SCRIPT_STORE = Symbol.for('mandate.port.script-store');
