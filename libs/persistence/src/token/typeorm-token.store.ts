import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEvent } from '@mandate/contracts';
import { GRANT_CURSOR, type GrantDetails, type GrantPage, type GrantPageResult, type NewGrant, type NewToken, type RefreshConsumption, type SignedTokenRef, type StoredGrant, type StoredToken, type TokenStore } from '@mandate/oauth';
import type { DataSource, EntityManager } from 'typeorm';
import { batchedLookup, batchedWrite } from '../batched-statements';
import { preparedSql } from '../prepared-sql';

const GRANTS = '"token"."grants"';
const TOKENS = '"token"."tokens"';
const DENIED = '"token"."denied_jtis"';
const CUTOFFS = '"token"."principal_cutoffs"';
const OUTBOX = '"token"."audit_outbox"';

interface TokenRow {
  token_hash: string;
  jti: string;
  kind: StoredToken['kind'];
  format: StoredToken['format'];
  realm: string;
  client_id: string;
  auth_grant_id: string;
  claims: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
  revoked: boolean;
}

/**
 * Grants, server-side tokens and the denylist in token-service's schema. Revocation is written
 * through to every descendant grant at once, so a check reads one row, never the lineage.
 */
@Injectable()
export class TypeOrmTokenStore implements TokenStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Atomic per call: the grant row and its token rows are written together or not at all. The
   * calls of one event-loop turn share one statement (see batchedWrite).
   */
  async issue(grant: NewGrant | undefined, tokens: NewToken[], audit: AuditEvent[] = []): Promise<void> {
    if (!grant && !tokens.length && !audit.length) return;
    await this.writeIssued({ grant, tokens, audit });
  }

  /**
   * Grants, tokens and their audit events (into the outbox, issue 20) of many calls in one
   * statement, so one round trip, atomic without BEGIN/COMMIT (a data-modifying CTE): a token is
   * never issued without its event, nor an event written for a token that was not. The rows go
   * as three JSON arrays of objects, so the text
   * is the same whatever the counts and stays one prepared statement, and encoding them is one
   * `JSON.stringify` (the lineage arrays become `text[]` on the way in).
   */
  private readonly writeIssued = batchedWrite<{ grant?: NewGrant; tokens: NewToken[]; audit: AuditEvent[] }>(async (calls) => {
    const grants = calls.flatMap((call) => (call.grant ? [call.grant] : []));
    const tokens = calls.flatMap((call) => call.tokens);
    const audit = calls.flatMap((call) => call.audit);
    // The tokens' foreign key to a grant inserted in the same statement holds: constraints are checked at its end.
    await preparedSql(
      this.db,
      `WITH g AS (
         INSERT INTO ${GRANTS} ("auth_grant_id", "realm", "client_id", "subject", "parent_grant_ids", "parent_jtis", "expires_at", "details", "actors")
         SELECT "authGrantId", "realm", "clientId", "subject", "parentGrantIds", "parentJtis", "expiresAt", "details", coalesce("actors", '{}')
           FROM jsonb_to_recordset($1::jsonb)
             AS x("authGrantId" text, "realm" text, "clientId" text, "subject" text, "parentGrantIds" text[], "parentJtis" text[], "expiresAt" timestamptz,
                  "details" jsonb, "actors" text[])
       ), t AS (
         INSERT INTO ${TOKENS} ("token_hash", "jti", "kind", "format", "realm", "client_id", "auth_grant_id", "claims", "expires_at")
         SELECT "tokenHash", "jti", "kind", "format", "realm", "clientId", "authGrantId", "claims", "expiresAt"
           FROM jsonb_to_recordset($2::jsonb)
             AS x("tokenHash" text, "jti" text, "kind" text, "format" text, "realm" text, "clientId" text, "authGrantId" text, "claims" jsonb, "expiresAt" timestamptz)
       ), o AS (
         INSERT INTO ${OUTBOX} ("id", "event") SELECT (e->>'id')::uuid, e FROM jsonb_array_elements($3::jsonb) AS e
       )
       SELECT 1`,
      [JSON.stringify(grants), JSON.stringify(tokens), JSON.stringify(audit)],
    );
  });

  async find(tokenHash: string, realm: string): Promise<StoredToken | null> {
    return (await this.findAll([tokenHash], realm))[0] ?? null;
  }

  async findAll(tokenHashes: string[], realm: string): Promise<StoredToken[]> {
    const found = await Promise.all(tokenHashes.map((tokenHash) => this.lookupToken({ tokenHash, realm })));
    return found.filter((token): token is StoredToken => token !== null);
  }

  async isSignedTokenLive(token: SignedTokenRef): Promise<boolean> {
    return this.lookupSignedLive(token);
  }

  /** Tokens by (hash, realm), the lookups of one turn in one statement (see batchedLookup). */
  private readonly lookupToken = batchedLookup<{ tokenHash: string; realm: string }, StoredToken | null>(async (keys) => {
    // One key lookup per hash, joined by UNION ALL: each branch keeps the primary-key index scan
    // in a generic plan, where `= ANY($1)` got a sequential scan (see preparedSql).
    const branch = (i: number) =>
      `SELECT t.*, (t.revoked_at IS NOT NULL OR g.revoked_at IS NOT NULL) AS revoked
         FROM ${TOKENS} t JOIN ${GRANTS} g ON g.auth_grant_id = t.auth_grant_id
        WHERE t.token_hash = $${2 * i + 1} AND t.realm = $${2 * i + 2}`;
    const rows = await this.unionOfLookups<TokenRow, (typeof keys)[number]>(keys, branch, (key) => [key.tokenHash, key.realm]);
    const byKey = new Map(rows.map((row) => [`${row.realm}\n${row.token_hash}`, row]));
    return keys.map((key) => {
      const row = byKey.get(`${key.realm}\n${key.tokenHash}`);
      return row ? toStored(row) : null;
    });
  });

  /**
   * Whether signed tokens are unrevoked, the checks of one turn in one statement. A signed
   * token's grant has a row only when something else needs one (refresh tokens, lineage);
   * revocation marks rows, so "no revoked row" is the test.
   */
  private readonly lookupSignedLive = batchedLookup<SignedTokenRef, boolean>(async (keys) => {
    // A principal's cutoff is written in microseconds, `iat` in whole seconds: a token issued in
    // the cutoff's own second counts as before it (over-revoking by under a second, never under).
    const branch = (i: number) => {
      const p = (n: number) => `$${5 * i + n}`;
      return `SELECT ${i} AS i, NOT EXISTS (SELECT 1 FROM ${DENIED} WHERE "jti" = ${p(1)})
          AND NOT EXISTS (SELECT 1 FROM ${GRANTS} WHERE "auth_grant_id" = ${p(2)} AND "revoked_at" IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM ${CUTOFFS} WHERE "realm" = ${p(3)} AND "principal" = ANY(${p(4)}::text[])
                            AND date_trunc('second', "revoked_before") >= to_timestamp(${p(5)}::double precision)) AS live`;
    };
    const { rows } = await preparedSql<{ i: number; live: boolean }>(
      this.db,
      keys.map((_, i) => branch(i)).join(' UNION ALL '),
      keys.flatMap((key) => [key.jti, key.authGrantId, key.realm, key.principals, key.issuedAt]),
    );
    const live = new Map(rows.map((row) => [row.i, row.live]));
    return keys.map((_, i) => live.get(i) === true);
  });

  /** One statement for a batch of key lookups: branch `i` reads its two parameters `$2i+1`, `$2i+2`. */
  private async unionOfLookups<T, K>(keys: readonly K[], branch: (i: number) => string, params: (key: K) => [string, string]): Promise<T[]> {
    const { rows } = await preparedSql<T>(this.db, keys.map((_, i) => branch(i)).join(' UNION ALL '), keys.flatMap(params));
    return rows;
  }

  async consumeRefresh(tokenHash: string, realm: string, at: Date): Promise<RefreshConsumption> {
    const { rows: consumed } = await preparedSql<TokenRow>(
      this.db,
      `UPDATE ${TOKENS} t SET "used_at" = now()
         FROM ${GRANTS} g
        WHERE t.token_hash = $1 AND t.realm = $2 AND t.kind = 'refresh_token'
          AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $3
          AND g.auth_grant_id = t.auth_grant_id AND g.revoked_at IS NULL
        RETURNING t.*, false AS revoked`,
      [tokenHash, realm, at],
    );
    if (consumed[0]) return { outcome: 'consumed', token: toStored(consumed[0]) };
    const {
      rows: [seen],
    } = await preparedSql<{ used_at: Date | null; auth_grant_id: string }>(
      this.db,
      `SELECT "used_at", "auth_grant_id" FROM ${TOKENS} WHERE "token_hash" = $1 AND "realm" = $2 AND "kind" = 'refresh_token'`,
      [tokenHash, realm],
    );
    if (seen?.used_at) return { outcome: 'reused', authGrantId: seen.auth_grant_id };
    return { outcome: 'invalid' };
  }

  async revokeByGrantId(authGrantId: string): Promise<void> {
    await this.revokeFamily([authGrantId], []);
  }

  async revokeToken(token: { tokenHash?: string; jti: string; expiresAt: Date; realm: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      if (token.tokenHash) {
        await m.query(`UPDATE ${TOKENS} SET "revoked_at" = now() WHERE "token_hash" = $1 AND "revoked_at" IS NULL`, [token.tokenHash]);
      } else {
        await m.query(`INSERT INTO ${DENIED} ("jti", "realm", "expires_at") VALUES ($1, $2, $3) ON CONFLICT ("jti") DO NOTHING`, [
          token.jti,
          token.realm,
          token.expiresAt,
        ]);
      }
      await this.revokeFamily([], [token.jti], m);
    });
  }

  async lineage(realm: string, authGrantId: string): Promise<StoredGrant[]> {
    const { rows } = await preparedSql<GrantRow>(
      this.db,
      `WITH RECURSIVE family(id, depth) AS (
         SELECT $2::text, 0
         UNION
         SELECT g.auth_grant_id, f.depth + 1 FROM ${GRANTS} g JOIN family f ON f.id = ANY(g.parent_grant_ids) WHERE g.realm = $1 AND f.depth < 64
       )
       SELECT DISTINCT ON (g.auth_grant_id) g.*, f.depth FROM ${GRANTS} g JOIN family f ON f.id = g.auth_grant_id
        WHERE g.realm = $1 ORDER BY g.auth_grant_id, f.depth`,
      [realm, authGrantId],
    );
    const grants = rows.map(toGrant);
    const root = grants.find((g) => g.authGrantId === authGrantId);
    return root ? [root, ...grants.filter((g) => g !== root)] : [];
  }

  async delegationsOfSubject(realm: string, subject: string, at: Date, page?: GrantPage): Promise<GrantPageResult> {
    return this.grantPage(`"realm" = $1 AND "subject" = $2 AND cardinality("actors") > 0`, [realm, subject], at, page);
  }

  async delegationsOfActor(realm: string, actor: string, at: Date, page?: GrantPage): Promise<GrantPageResult> {
    return this.grantPage(`"realm" = $1 AND "actors" @> ARRAY[$2::text]`, [realm, actor], at, page);
  }

  /**
   * Live grants matching `condition` (its parameters `$1`, `$2`), in (created_at, id) order, one
   * page after the cursor: keyset paging, so a page costs the same however deep it is and a grant
   * created meanwhile cannot shift the pages. The cursor is the last row's created_at as
   * Postgres writes it (microseconds kept) and its id.
   */
  private async grantPage(condition: string, params: [string, string], at: Date, page: GrantPage = { size: 1000 }): Promise<GrantPageResult> {
    const cursor = page.after ? parseGrantCursor(page.after) : undefined;
    const { rows } = await preparedSql<GrantRow & { page_at: string }>(
      this.db,
      `SELECT *, "created_at"::text AS "page_at" FROM ${GRANTS} WHERE ${condition} AND "revoked_at" IS NULL AND "expires_at" > $3
          AND ($4::timestamptz IS NULL OR ("created_at", "auth_grant_id") > ($4::timestamptz, $5::text))
          ORDER BY "created_at", "auth_grant_id" LIMIT $6`,
      [...params, at, cursor?.at ?? null, cursor?.id ?? null, page.size + 1],
    );
    const more = rows.length > page.size;
    const kept = more ? rows.slice(0, page.size) : rows;
    const last = kept[kept.length - 1];
    return { grants: kept.map(toGrant), next: more && last ? `${last.page_at}|${last.auth_grant_id}` : null };
  }

  async revokeSubject(realm: string, subject: string): Promise<number> {
    await this.cutOff(realm, subject);
    return this.revokeWhere(`"realm" = $1 AND "subject" = $2`, [realm, subject]);
  }

  async revokePrincipal(realm: string, clientId: string): Promise<number> {
    await this.cutOff(realm, clientId);
    return this.revokeWhere(`"realm" = $1 AND ("client_id" = $2 OR "actors" @> ARRAY[$2::text])`, [realm, clientId]);
  }

  /** From now, every signed token naming this principal issued up to now is dead (the tokens that have no row to revoke). */
  private async cutOff(realm: string, principal: string): Promise<void> {
    await preparedSql(
      this.db,
      `INSERT INTO ${CUTOFFS} ("realm", "principal", "revoked_before") VALUES ($1, $2, now())
         ON CONFLICT ("realm", "principal") DO UPDATE SET "revoked_before" = GREATEST(${CUTOFFS}."revoked_before", EXCLUDED."revoked_before")`,
      [realm, principal],
    );
  }

  async revokePolicy(realm: string, policyId: string): Promise<number> {
    return this.revokeWhere(`"realm" = $1 AND "details" -> 'policies' ? $2`, [realm, policyId]);
  }

  private async revokeWhere(condition: string, params: unknown[]): Promise<number> {
    const { rows } = await preparedSql<{ auth_grant_id: string }>(
      this.db,
      `SELECT "auth_grant_id" FROM ${GRANTS} WHERE ${condition} AND "revoked_at" IS NULL`,
      params,
    );
    const ids = rows.map((row) => row.auth_grant_id);
    return ids.length ? this.revokeFamily(ids, []) : 0;
  }

  /**
   * Revokes the seed grants, the grants exchanged from the seed tokens, and every grant exchanged
   * from any of those, with all their stored tokens.
   */
  private async revokeFamily(grantIds: string[], jtis: string[], m: EntityManager = this.db.manager): Promise<number> {
    const [{ count }] = (await m.query(
      `WITH RECURSIVE family(id) AS (
         SELECT g.auth_grant_id FROM ${GRANTS} g WHERE g.auth_grant_id = ANY($1::text[]) OR g.parent_jtis && $2::text[]
         UNION
         SELECT g.auth_grant_id FROM ${GRANTS} g JOIN family f ON f.id = ANY(g.parent_grant_ids)
       ),
       revoked_grants AS (
         UPDATE ${GRANTS} SET "revoked_at" = now() WHERE "auth_grant_id" IN (SELECT id FROM family) AND "revoked_at" IS NULL RETURNING 1
       ),
       revoked_tokens AS (
         UPDATE ${TOKENS} SET "revoked_at" = now() WHERE "auth_grant_id" IN (SELECT id FROM family) AND "revoked_at" IS NULL RETURNING 1
       )
       SELECT (SELECT count(*) FROM revoked_grants)::int AS count, (SELECT count(*) FROM revoked_tokens)::int AS tokens`,
      [grantIds, jtis],
    )) as Array<{ count: number }>;
    return count;
  }
}

interface GrantRow {
  auth_grant_id: string;
  realm: string;
  client_id: string;
  subject: string;
  parent_grant_ids: string[];
  details: GrantDetails | null;
  actors: string[];
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

function toGrant(row: GrantRow): StoredGrant {
  return {
    authGrantId: row.auth_grant_id,
    realm: row.realm,
    clientId: row.client_id,
    subject: row.subject,
    parentGrantIds: row.parent_grant_ids,
    details: row.details,
    actors: row.actors,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

function toStored(row: TokenRow): StoredToken {
  return {
    tokenHash: row.token_hash,
    jti: row.jti,
    kind: row.kind,
    format: row.format,
    realm: row.realm,
    clientId: row.client_id,
    authGrantId: row.auth_grant_id,
    claims: row.claims,
    expiresAt: new Date(row.expires_at),
    usedAt: row.used_at ? new Date(row.used_at) : null,
    revoked: row.revoked,
  };
}

/** A grant page's cursor (`<created_at>|<auth_grant_id>`, see GRANT_CURSOR). */
function parseGrantCursor(cursor: string): { at: string; id: string } {
  if (!GRANT_CURSOR.test(cursor)) throw new Error('not a grant page cursor');
  const bar = cursor.indexOf('|');
  return { at: cursor.slice(0, bar), id: cursor.slice(bar + 1) };
}
