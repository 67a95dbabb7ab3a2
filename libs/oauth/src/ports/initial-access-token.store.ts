import type { IdempotentReply } from './idempotent-reply.store';

/**
 * RFC 7591 §3 initial access tokens, created by an administrator to let registrations in while
 * open registration is off. Stored as the SHA-256 (base64url) of the token (STYLE habit 6).
 */
export interface InitialAccessToken {
  id: string;
  realmId: string;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** Null: any number of registrations. */
  maxUses: number | null;
  uses: number;
  createdBy: string;
  createdAt: Date;
}

export interface InitialAccessTokenStore {
  /** `answer(saved)`, when given, is written in the same transaction (IdempotentReply). */
  create(
    token: { realmId: string; tokenHash: string; expiresInSeconds: number | null; maxUses: number | null; createdBy: string },
    answer?: (saved: InitialAccessToken) => IdempotentReply,
  ): Promise<InitialAccessToken>;
  list(realmId: string): Promise<InitialAccessToken[]>;
  /** False when the realm holds no such token. */
  remove(realmId: string, id: string): Promise<boolean>;
  /** Whether a token of this hash is unexpired and has uses left (nothing is spent). */
  isUsable(realmId: string, tokenHash: string): Promise<boolean>;
  /** Atomically spends one use of an unexpired token with uses left; false when there is none. */
  consume(realmId: string, tokenHash: string): Promise<boolean>;
}
export const INITIAL_ACCESS_TOKEN_STORE = Symbol.for('mandate.port.initial-access-token-store');
