// A Postgres adapter for panva's oidc-provider, so that the comparison point keeps its grants,
// codes, tokens and interactions in a database as Mandate does, not in process memory.
// One table keyed by (kind, id), as in oidc-provider's example adapters; a pool of 4 like each
// Mandate service (DATABASE_POOL_SIZE=4). Every statement is a named prepared statement, as
// Mandate's hot statements are (libs/persistence prepared-sql.ts), so neither side re-plans.
import pg from 'pg';

const SCHEMA = 'oidc_bench';

export async function createPostgresAdapter(url) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${SCHEMA}.models (
      kind text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      user_code text,
      uid text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (kind, id)
    )`);
  await pool.query(`CREATE INDEX IF NOT EXISTS models_grant_id ON ${SCHEMA}.models (grant_id)`);
  await pool.query(`CREATE INDEX IF NOT EXISTS models_uid ON ${SCHEMA}.models (kind, uid)`);

  const live = '(expires_at IS NULL OR expires_at > now())';
  const row = (result) => {
    const found = result.rows[0];
    if (!found) return undefined;
    return { ...found.payload, ...(found.consumed_at ? { consumed: Math.floor(found.consumed_at.getTime() / 1000) } : {}) };
  };

  const run = (name, text, values) => pool.query({ name: `oidc_${name}`, text, values });

  class PostgresAdapter {
    constructor(kind) {
      this.kind = kind;
    }

    async upsert(id, payload, expiresIn) {
      await run(
        'upsert',
        `INSERT INTO ${SCHEMA}.models (kind, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [this.kind, id, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
      );
    }

    async find(id) {
      return row(await run('find', `SELECT payload, consumed_at FROM ${SCHEMA}.models WHERE kind = $1 AND id = $2 AND ${live}`, [this.kind, id]));
    }

    async findByUserCode(userCode) {
      return row(await run('findByUserCode', `SELECT payload, consumed_at FROM ${SCHEMA}.models WHERE kind = $1 AND user_code = $2 AND ${live}`, [this.kind, userCode]));
    }

    async findByUid(uid) {
      return row(await run('findByUid', `SELECT payload, consumed_at FROM ${SCHEMA}.models WHERE kind = $1 AND uid = $2 AND ${live}`, [this.kind, uid]));
    }

    async consume(id) {
      await run('consume', `UPDATE ${SCHEMA}.models SET consumed_at = now() WHERE kind = $1 AND id = $2`, [this.kind, id]);
    }

    async destroy(id) {
      await run('destroy', `DELETE FROM ${SCHEMA}.models WHERE kind = $1 AND id = $2`, [this.kind, id]);
    }

    async revokeByGrantId(grantId) {
      await run('revokeByGrantId', `DELETE FROM ${SCHEMA}.models WHERE grant_id = $1`, [grantId]);
    }
  }

  return { Adapter: PostgresAdapter, close: () => pool.end() };
}
