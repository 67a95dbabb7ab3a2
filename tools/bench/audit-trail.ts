import { Client } from 'pg';
import { type LoadRequest, ProbeError, type Target } from './bench-types';

/** Events in the trail the A rows query: enough that a query without its index would scan for seconds. */
export const AUDIT_EVENTS = 1_000_000;
const SUBJECTS = 9_973; // a prime: each subject gets every kind of event
const AGENTS = 200;
const KINDS = ['token_issued', 'token_exchanged', 'token_refreshed', 'token_revoked', 'token_refused', 'login', 'logout', 'admin_change'];

/**
 * Fills introspection-service's audit store with AUDIT_EVENTS events of realm alpha in one
 * statement (generate_series, no round trip per row), once per database: 9,973 subjects,
 * 200 agents in the `act` chains of the exchanges, eight kinds, thirty days. Then ANALYZE, so
 * the planner knows the table's size before the first query.
 */
export async function seedAuditTrail(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM introspection.audit_events WHERE realm = '/alpha' AND subject LIKE 'bench-user-%'`);
    if (Number(rows[0].n) >= AUDIT_EVENTS) return;
    await db.query(
      `INSERT INTO introspection.audit_events ("id", "time", "realm", "event", "outcome", "subject", "actors", "client", "scopes", "grant_type", "auth_grant_id")
       SELECT gen_random_uuid(), now() - (i * interval '2.592 seconds'), '/alpha', ($2::text[])[1 + i % 8], 'success',
              'bench-user-' || (i % ${SUBJECTS}),
              CASE WHEN i % 8 = 1 THEN ARRAY['bench-agent-' || (i % ${AGENTS})] ELSE '{}'::text[] END,
              'bench-client-' || (i % 50), ARRAY['read'], 'client_credentials', md5(i::text)
         FROM generate_series(1, $1::int) AS i`,
      [AUDIT_EVENTS, KINDS],
    );
    await db.query('ANALYZE introspection.audit_events');
  } finally {
    await db.end();
  }
}

/** amadmin's SSO token. */
async function adminSession(origin: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/am/json/realms/root/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': password, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const tokenId = ((await res.json()) as { tokenId?: string }).tokenId;
  if (res.status !== 200 || !tokenId) throw new ProbeError('amadmin login', res.status);
  return tokenId;
}

/** The A rows: one CREST audit query, repeated, against a seeded trail; `n/a` where Mandate's database is not the bench's. */
export async function auditQuery(t: Target, adminPassword: string, filter: string): Promise<LoadRequest | string> {
  if (t.kind !== 'mandate' || !t.databaseUrl) return 'n/a';
  try {
    await seedAuditTrail(t.databaseUrl);
    const admin = await adminSession(t.origin, adminPassword);
    const req: LoadRequest = {
      method: 'GET',
      path: `/am/json/realms/root/realms/alpha/audit?${new URLSearchParams({ _queryFilter: filter, _pageSize: '50', _sortKeys: '-time' }).toString()}`,
      headers: { iPlanetDirectoryPro: admin },
    };
    const probe = await fetch(`${t.origin}${req.path}`, { headers: req.headers });
    const body = (await probe.json()) as { resultCount?: number };
    if (probe.status !== 200 || !body.resultCount) throw new ProbeError('audit query', probe.status, JSON.stringify(body).slice(0, 200));
    return req;
  } catch (error) {
    if (error instanceof ProbeError) return `probe failed (${error.message})`;
    throw error;
  }
}
