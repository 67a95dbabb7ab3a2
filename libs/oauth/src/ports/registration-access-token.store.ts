/**
 * RFC 7592 registration access tokens, one per dynamically registered client, stored as the
 * SHA-256 (base64url) of the token (STYLE habit 6). The row goes with its client.
 */
export interface RegistrationAccessTokenStore {
  /** Sets (or replaces: RFC 7592 §2.2 rotation) the hash of the client's registration access token. */
  save(realmId: string, clientId: string, tokenHash: string): Promise<void>;
  /** The stored hash, or undefined for a client without one (created by an administrator). */
  findHash(realmId: string, clientId: string): Promise<string | undefined>;
}
export const REGISTRATION_ACCESS_TOKEN_STORE = Symbol.for('mandate.port.registration-access-token-store');
