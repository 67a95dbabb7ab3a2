/**
 * Single-use identifiers shared by every replica (a DPoP proof's `jti`, RFC 9449 §11.1; a client
 * assertion's `jti`, RFC 7523 §3): the first claim of `(scope, jti)` wins until `expiresAt`.
 */
export interface ReplayStore {
  /** True the first time `(scope, jti)` is claimed while unexpired; false for every later claim. */
  claim(scope: string, jti: string, expiresAt: Date): Promise<boolean>;
}

export const REPLAY_STORE = Symbol.for('mandate.replay-store');
