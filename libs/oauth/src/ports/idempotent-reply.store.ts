/**
 * The answer to a create sent with an `Idempotency-Key` (issue 25 item 1), written by the store
 * that creates the resource in the transaction that creates it, so that a committed resource
 * always has its answer and an answer never outlives a rolled-back write. `reply` is sealed;
 * `keyHash` reveals nothing of the key or the caller.
 */
export interface IdempotentReply {
  keyHash: string;
  /** SHA-256 of the request it answered: the same key with another request is refused. */
  requestHash: string;
  reply: unknown;
  expiresAt: Date;
}

/** The create's `Idempotency-Key` already answers another, live request: nothing was written. */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('idempotency key taken by a concurrent request');
    this.name = 'IdempotencyKeyTakenError';
  }
}

/** Reads the answers the creating stores wrote (ClientStore, InitialAccessTokenStore). */
export interface IdempotentReplyStore {
  /** The live answer stored under `keyHash`, if any. */
  find(keyHash: string): Promise<IdempotentReply | undefined>;
}
export const IDEMPOTENT_REPLY_STORE = Symbol.for('mandate.port.idempotent-reply-store');
