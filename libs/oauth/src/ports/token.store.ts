import type { AuditEvent } from '@mandate/contracts';
/**
 * token-service's record of grants and tokens (STYLE habit 6: verbs of the protocol).
 *
 * - A **grant** (`authGrantId`) is one authorisation: a code redemption, a client-credentials
 *   or password request, a token exchange. Refreshes stay in their grant. An exchanged grant
 *   names the grants and tokens it came from (`parentGrantIds`, `parentJtis`), so revoking a
 *   grant or a token revokes everything exchanged from it.
 * - **Tokens** kept server-side: every refresh token (both formats, for rotation) and every
 *   opaque access token. Stored by the SHA-256 of their value, never in clear. Signed access
 *   tokens are not stored; revoking one puts its `jti` on the denylist until it expires.
 */
export interface NewGrant {
  authGrantId: string;
  realm: string;
  clientId: string;
  /** The subject's plain id (user `_id` or client id). */
  subject: string;
  parentGrantIds: string[];
  parentJtis: string[];
  expiresAt: Date;
}

export type TokenKind = 'access_token' | 'refresh_token';
export type TokenFormat = 'opaque' | 'jwt';

export interface NewToken {
  tokenHash: string;
  jti: string;
  kind: TokenKind;
  format: TokenFormat;
  realm: string;
  clientId: string;
  authGrantId: string;
  /** Every claim of the token (am-spec §6.2); a refresh token's are what its refresh will issue from. */
  claims: Record<string, unknown>;
  expiresAt: Date;
}

export interface StoredToken extends NewToken {
  /** Set when the token itself, its grant or an ancestor was revoked. */
  revoked: boolean;
  /** Refresh tokens: when they were exchanged for new ones (rotation). */
  usedAt: Date | null;
}

export type RefreshConsumption =
  | { outcome: 'consumed'; token: StoredToken }
  /** A rotated refresh token came back (RFC 9700 §4.14.2): the caller revokes the grant. */
  | { outcome: 'reused'; authGrantId: string }
  | { outcome: 'invalid' };

export interface TokenStore {
  /**
   * A grant and its first tokens, in one statement (all or nothing), with the audit events that
   * record the issuance written to the outbox in that same statement (issue 20 item 1).
   */
  issue(grant: NewGrant | undefined, tokens: NewToken[], audit?: AuditEvent[]): Promise<void>;
  find(tokenHash: string, realm: string): Promise<StoredToken | null>;
  /** The stored tokens among these hashes (in any order; unknown hashes are left out), in one statement. */
  findAll(tokenHashes: string[], realm: string): Promise<StoredToken[]>;
  /**
   * Is this signed token usable: its `jti` not denied, its grant (and ancestors) not revoked?
   * A signed access token without refresh token or lineage has no grant row at all (nothing to
   * revoke by grant), so only a revoked row makes it dead.
   */
  isSignedTokenLive(jti: string, authGrantId: string): Promise<boolean>;
  /** Atomic and single use: marks an unused, unrevoked, unexpired refresh token used. */
  consumeRefresh(tokenHash: string, realm: string, at: Date): Promise<RefreshConsumption>;
  /** Revokes the grant, its tokens, and every grant exchanged from it (transitively). */
  revokeByGrantId(authGrantId: string): Promise<void>;
  /** Revokes one token (by hash, or by `jti` on the denylist for signed ones) and everything exchanged from it. */
  revokeToken(token: { tokenHash?: string; jti: string; expiresAt: Date; realm: string }): Promise<void>;
}

export const TOKEN_STORE = Symbol.for('mandate.token-store');
