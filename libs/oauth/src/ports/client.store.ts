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

/**
 * The answer to an idempotent create (`Idempotency-Key`, issue 25 item 1), written in the
 * transaction that creates the client, so that a committed client always has its answer and an
 * answer never outlives a rolled-back client. `reply` is sealed; `keyHash` reveals nothing of
 * the key or the caller.
 */
export interface IdempotentReply {
  keyHash: string;
  /** SHA-256 of the request it answered: the same key with another request is refused. */
  requestHash: string;
  reply: unknown;
  expiresAt: Date;
}

/** What a create writes beside the client, in the same transaction. */
export interface ClientCreateExtras {
  /** RFC 7592: the SHA-256 of the client's first registration access token. */
  registrationAccessTokenHash?: string;
  idempotentReply?: IdempotentReply;
}

/** The create's `Idempotency-Key` already answers another, live request: nothing was written. */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('idempotency key taken by a concurrent request');
    this.name = 'IdempotencyKeyTakenError';
  }
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
  /** The live answer stored under `keyHash`, if any. */
  findIdempotentReply(keyHash: string): Promise<IdempotentReply | undefined>;
  /** Inserts or replaces; `created` tells which. */
  save(client: ClientWrite): Promise<{ client: StoredClient; created: boolean }>;
  /** Removes the client and its application policies; the removed client, or undefined. */
  remove(realmId: string, clientId: string): Promise<StoredClient | undefined>;
}
export const CLIENT_STORE = Symbol.for('mandate.port.client-store');
