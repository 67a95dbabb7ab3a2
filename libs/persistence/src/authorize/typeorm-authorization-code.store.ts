import { Injectable } from '@nestjs/common';
import type { CodeGrant } from '@mandate/contracts';
import type { AuthorizationCodeStore, CodeConsumeResult, NewAuthorizationCode } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { preparedSql } from '../prepared-sql';

const TABLE = '"authorize"."authorization_codes"';

interface CodeRow {
  client_id: string;
  redirect_uri: string | null;
  scopes: string[];
  resources: string[];
  user_id: string;
  username: string;
  auth_level: number;
  auth_time: string;
  code_challenge: string | null;
  code_challenge_method: 'S256' | 'plain' | null;
  nonce: string | null;
  auth_grant_id: string;
}

@Injectable()
export class TypeOrmAuthorizationCodeStore implements AuthorizationCodeStore {
  constructor(private readonly db: DataSource) {}

  async save(code: NewAuthorizationCode): Promise<void> {
    const g = code.grant;
    await preparedSql(
      this.db,
      `INSERT INTO ${TABLE} ("code_hash", "realm", "client_id", "redirect_uri", "scopes", "user_id", "username", "auth_level", "auth_time",
                             "code_challenge", "code_challenge_method", "nonce", "auth_grant_id", "issued_at", "expires_at", "resources")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        code.codeHash,
        code.realm,
        g.clientId,
        g.redirectUri,
        g.scopes,
        g.userId,
        g.username,
        g.authLevel,
        g.authTime,
        g.codeChallenge,
        g.codeChallengeMethod,
        g.nonce,
        g.authGrantId,
        code.issuedAt,
        code.expiresAt,
        g.resources,
      ],
    );
  }

  async consume(realm: string, codeHash: string, at: Date): Promise<CodeConsumeResult> {
    // contract §3.7: one statement decides. A concurrent redemption waits on the row lock,
    // then finds consumed_at set and matches nothing.
    const {
      rows: [won],
    } = await preparedSql<CodeRow>(
      this.db,
      `UPDATE ${TABLE} SET "consumed_at" = $3
        WHERE "code_hash" = $1 AND "realm" = $2 AND "consumed_at" IS NULL AND "expires_at" > $3
        RETURNING "client_id", "redirect_uri", "scopes", "user_id", "username", "auth_level", "auth_time",
                  "code_challenge", "code_challenge_method", "nonce", "auth_grant_id", "resources"`,
      [codeHash, realm, at],
    );
    if (won) return { outcome: 'consumed', grant: toGrant(won) };
    const { rows: seen } = await preparedSql<{ auth_grant_id: string }>(
      this.db,
      `SELECT "auth_grant_id" FROM ${TABLE} WHERE "code_hash" = $1 AND "realm" = $2 AND "consumed_at" IS NOT NULL`,
      [codeHash, realm],
    );
    return seen[0] ? { outcome: 'replayed', authGrantId: seen[0].auth_grant_id } : { outcome: 'invalid' };
  }

  async deleteExpired(unconsumedBefore: Date, consumedBefore: Date): Promise<number> {
    const result = await this.db.query(
      `DELETE FROM ${TABLE} WHERE ("consumed_at" IS NULL AND "expires_at" < $1) OR "expires_at" < $2`,
      [unconsumedBefore, consumedBefore],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}

function toGrant(row: CodeRow): CodeGrant {
  return {
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    scopes: row.scopes,
    resources: row.resources,
    userId: row.user_id,
    username: row.username,
    authLevel: row.auth_level,
    authTime: Number(row.auth_time),
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    nonce: row.nonce,
    authGrantId: row.auth_grant_id,
  };
}
