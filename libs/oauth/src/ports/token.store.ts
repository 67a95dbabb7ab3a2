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
  /** What the grant's access token carries: scopes, audience, `act` (its lineage view). */
  details?: GrantDetails;
  /** The plain ids of its `act` chain, outermost first (empty: not delegated). */
  actors?: string[];
}

export interface GrantDetails {
  scope: string[];
  aud?: unknown;
  act?: Record<string, unknown>;
  /** The application policies (`<agentId>/<applicationId>`) that authorised an exchange. */
  policies?: string[];
}

/** A stored grant as its lineage shows it. */
/**
 * A signed access token as its claims name it, for the liveness check: its `jti`, its grant, and
 * the principals it speaks for or through (subject, client, the actors of its `act` chain) with
 * its `iat`, against the moments those principals' tokens were revoked (revokeSubject, revokePrincipal).
 */
export interface SignedTokenRef {
  jti: string;
  authGrantId: string;
  realm: string;
  principals: string[];
  /** `iat`, seconds since the epoch. */
  issuedAt: number;
}

/** One page of a grant list: at most `size` grants after the `after` cursor (the previous page's `next`). */
export interface GrantPage {
  size: number;
  after?: string;
}

/** A grant page cursor as the store writes it: the last grant's created_at as Postgres prints it, `|`, its id. */
export const GRANT_CURSOR = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?\|[\w-]{1,256}$/;

/** A page of grants and the cursor of the next one (null on the last page). */
export interface GrantPageResult {
  grants: StoredGrant[];
  next: string | null;
}

export interface StoredGrant {
  authGrantId: string;
  realm: string;
  clientId: string;
  subject: string;
  parentGrantIds: string[];
  details: GrantDetails | null;
  actors: string[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
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
  isSignedTokenLive(token: SignedTokenRef): Promise<boolean>;
  /** Atomic and single use: marks an unused, unrevoked, unexpired refresh token used. */
  consumeRefresh(tokenHash: string, realm: string, at: Date): Promise<RefreshConsumption>;
  /** Revokes the grant, its tokens, and every grant exchanged from it (transitively). */
  revokeByGrantId(authGrantId: string): Promise<void>;
  /** Revokes one token (by hash, or by `jti` on the denylist for signed ones) and everything exchanged from it. */
  revokeToken(token: { tokenHash?: string; jti: string; expiresAt: Date; realm: string }): Promise<void>;
  /** The grant and every grant exchanged from it (transitively), the grant first; empty when unknown. */
  lineage(realm: string, authGrantId: string): Promise<StoredGrant[]>;
  /** Unrevoked, unexpired delegated grants (an `act` chain) whose subject is this id, oldest first, a page at a time. */
  delegationsOfSubject(realm: string, subject: string, at: Date, page?: GrantPage): Promise<GrantPageResult>;
  /** Unrevoked, unexpired grants whose `act` chain names this actor, oldest first, a page at a time. */
  delegationsOfActor(realm: string, actor: string, at: Date, page?: GrantPage): Promise<GrantPageResult>;
  /** Revokes every grant of this subject and every grant exchanged from them; answers how many grants it revoked. */
  revokeSubject(realm: string, subject: string): Promise<number>;
  /** Revokes every grant issued to this client, or naming it in its `act` chain, and their descendants. */
  revokePrincipal(realm: string, clientId: string): Promise<number>;
  /** Revokes every grant an application policy authorised, and their descendants. */
  revokePolicy(realm: string, policyId: string): Promise<number>;
}

export const TOKEN_STORE = Symbol.for('mandate.token-store');
