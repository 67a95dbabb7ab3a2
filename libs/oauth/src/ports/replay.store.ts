/**
 * Single use of a JWT's `jti` within its lifetime, shared by every replica: RFC 7523 §3 item 7
 * (client assertions), RFC 9449 §11.1 (DPoP proofs). `scope` keeps the uses of one kind of JWT
 * and one issuer apart (e.g. `client-assertion:{realm id}:{client_id}`).
 */
export interface ReplayStore {
  /**
   * Records `jti` under `scope` until `expiresAt`; true the first time, false while an earlier
   * claim of it has not expired. Atomic: of two replicas claiming the same `jti`, one wins.
   */
  claim(scope: string, jti: string, expiresAt: Date): Promise<boolean>;
}
export const REPLAY_STORE = Symbol.for('mandate.port.replay-store');
