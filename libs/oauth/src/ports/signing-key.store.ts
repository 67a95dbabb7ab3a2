/**
 * A realm's signing key as stored by token-service. The private JWK reaches the store only
 * sealed (AES-256-GCM, by the key service); the store never sees it in clear.
 */
export interface StoredSigningKey {
  id: string;
  /** `/alpha` */
  realm: string;
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  alg: 'RS256' | 'ES256';
  publicJwk: Record<string, unknown>;
  sealedPrivateJwk: Record<string, unknown>;
  status: 'active' | 'retired';
  createdAt: Date;
  retiredAt?: Date;
  /** When the last token a retired key signed has expired: it is published and accepted until then. */
  notAfter?: Date;
}

export type NewSigningKey = Pick<StoredSigningKey, 'realm' | 'kid' | 'alg' | 'publicJwk' | 'sealedPrivateJwk'>;

/** Storage port for signing keys (owned by token-service). A realm has at most one active key. */
export interface SigningKeyStore {
  /** The realm's active key and its retired keys whose `notAfter` is after `at`, active first, newest first. */
  findPublished(realm: string, at: Date): Promise<StoredSigningKey[]>;
  /**
   * Stores `key` as the realm's active key unless the realm has one already (another replica
   * may have won the race). Answers whether this key became active.
   */
  insertActiveIfAbsent(key: NewSigningKey): Promise<boolean>;
  /**
   * Compare-and-swap rotation: if the realm's active key is still `expectedActiveKid`, retires
   * it (published until `retiredNotAfter`) and makes `next` active, atomically. Answers false,
   * changing nothing, when another rotation got there first.
   */
  replaceActive(expectedActiveKid: string, next: NewSigningKey, retiredNotAfter: Date): Promise<boolean>;
  /** Every realm's active key created before `before` (due for a scheduled rotation), oldest first. */
  findActiveCreatedBefore(before: Date): Promise<StoredSigningKey[]>;
}
export const SIGNING_KEY_STORE = Symbol.for('mandate.port.signing-key-store');
