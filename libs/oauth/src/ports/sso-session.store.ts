/** A server-side SSO session (AM's `iPlanetDirectoryPro` token). Only the token's SHA-256 is stored. */
export interface SsoSession {
  id: string;
  userId: string;
  username: string;
  realm: string;
  authLevel: number;
  createdAt: Date;
  lastSeenAt: Date;
  /** The maximum lifetime's end; the idle timeout is applied by the caller from `lastSeenAt`. */
  expiresAt: Date;
}

export interface NewSsoSession {
  tokenHash: string;
  userId: string;
  realm: string;
  authLevel: number;
  expiresAt: Date;
}

/** Storage port for SSO sessions. */
export interface SsoSessionStore {
  create(session: NewSsoSession): Promise<SsoSession>;
  findByTokenHash(tokenHash: string): Promise<SsoSession | undefined>;
  /** Records activity (idle timeout extension). */
  touch(id: string, at: Date): Promise<void>;
  /** Ends a session; false when there was none. */
  revoke(tokenHash: string): Promise<boolean>;
  /** Removes sessions whose maximum lifetime ended before `before`; answers how many. */
  purgeExpired(before: Date): Promise<number>;
}
export const SSO_SESSION_STORE = Symbol.for('mandate.port.sso-session-store');
