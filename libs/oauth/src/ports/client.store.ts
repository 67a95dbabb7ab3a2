import type { IdempotentReply } from './idempotent-reply.store';

/** AM's configuration sections of a client (`coreOAuth2ClientConfig`, ...), plain values, secret removed. */
export type ClientSections = Record<string, Record<string, unknown>>;

/** An OAuth2 client or AI agent as stored by registration-service. */
export interface StoredClient {
  realmId: string;
  clientId: string;
  agentType: 'OAuth2Client' | 'AIAgent';
  /** argon2id PHC string of the secret; null for none. */
  secretHash: string | null;
  config: ClientSections;
  /** `_id`s of the scripts the configuration references (kept so that a script in use is not deleted). */
  scriptRefs: string[];
  rev: number;
}

export type ClientWrite = Omit<StoredClient, 'rev'>;

/** What a create writes beside the client, in the same transaction. */
export interface ClientCreateExtras {
  /** RFC 7592: the SHA-256 of the client's first registration access token. */
  registrationAccessTokenHash?: string;
  idempotentReply?: IdempotentReply;
}

/** Storage port for OAuth2 clients and AI agents (one namespace per realm). */
export interface ClientStore {
  find(realmId: string, clientId: string): Promise<StoredClient | undefined>;
  list(realmId: string, agentType?: StoredClient['agentType']): Promise<StoredClient[]>;
  /**
   * Inserts only: undefined when the id is taken (`If-None-Match: *`). `extras` are written in
   * the same transaction; a live `idempotentReply` of the same key throws IdempotencyKeyTakenError.
   */
  create(client: ClientWrite, extras?: ClientCreateExtras): Promise<StoredClient | undefined>;
  /** Inserts or replaces; `created` tells which. */
  save(client: ClientWrite): Promise<{ client: StoredClient; created: boolean }>;
  /** Removes the client and its application policies; the removed client, or undefined. */
  remove(realmId: string, clientId: string): Promise<StoredClient | undefined>;
}
export const CLIENT_STORE = Symbol.for('mandate.port.client-store');
