import 'reflect-metadata';
import type { NewGrant, NewToken } from '@mandate/oauth';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { tokenStorage } from './token.storage';
import { TypeOrmTokenStore } from './typeorm-token.store';

jest.setTimeout(60_000);

let pg: LocalPostgres;
let ds: DataSource;
let store: TypeOrmTokenStore;
let n = 0;
const later = () => new Date(Date.now() + 3_600_000);

function grant(parents: Partial<Pick<NewGrant, 'parentGrantIds' | 'parentJtis'>> = {}): NewGrant {
  return { authGrantId: `grant-${++n}`, realm: '/alpha', clientId: 'c', subject: 'u', parentGrantIds: [], parentJtis: [], expiresAt: later(), ...parents };
}
function token(g: NewGrant, kind: NewToken['kind'] = 'refresh_token', format: NewToken['format'] = 'opaque'): NewToken {
  const id = ++n;
  return { tokenHash: `hash-${id}`, jti: `jti-${id}`, kind, format, realm: g.realm, clientId: g.clientId, authGrantId: g.authGrantId, claims: { scope: ['read'] }, expiresAt: later() };
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  ds = await new DataSource(dataSourceOptions(tokenStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })).initialize();
  await migrate(ds, 'token');
  store = new TypeOrmTokenStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

describe('TypeOrmTokenStore', () => {
  it('finds a stored token by hash, in its realm only', async () => {
    const g = grant();
    const t = token(g, 'access_token');
    await store.issue(g, [t]);
    expect(await store.find(t.tokenHash, '/alpha')).toEqual({ ...t, usedAt: null, revoked: false });
    expect(await store.find(t.tokenHash, '/beta')).toBeNull();
  });

  it('finds several stored tokens in one call, leaving out unknown hashes and other realms', async () => {
    const g = grant();
    const a = token(g, 'access_token');
    const r = token(g, 'refresh_token');
    await store.issue(g, [a, r]);
    const found = await store.findAll([r.tokenHash, 'no-such-hash', a.tokenHash], '/alpha');
    expect(found.map((t) => t.tokenHash).sort()).toEqual([a.tokenHash, r.tokenHash].sort());
    expect(found.find((t) => t.tokenHash === a.tokenHash)).toEqual({ ...a, usedAt: null, revoked: false });
    expect(await store.findAll([a.tokenHash, r.tokenHash], '/beta')).toEqual([]);
    expect(await store.findAll([], '/alpha')).toEqual([]);
  });

  it('writes nothing of a grant whose tokens cannot all be written', async () => {
    const g = grant();
    const t = token(g);
    await expect(store.issue(g, [t, { ...t, jti: 'other' }])).rejects.toThrow();
    expect(await store.find(t.tokenHash, '/alpha')).toBeNull();
    expect(await ds.query(`SELECT 1 FROM "token"."grants" WHERE "auth_grant_id" = $1`, [g.authGrantId])).toEqual([]);
  });

  it('writes the issues of one turn in one statement; a bad one fails alone, with nothing of it written', async () => {
    const [g1, g2, bad] = [grant(), grant({ parentGrantIds: ['p-1', 'p-2'], parentJtis: ['j-1'] }), grant()];
    const [t1, t2, t3] = [token(g1, 'access_token'), token(g2), token(bad)];
    const pool = (ds.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
    const statements = jest.spyOn(pool, 'query');
    try {
      await Promise.all([store.issue(g1, [t1]), store.issue(g2, [t2])]);
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
    expect(await ds.query(`SELECT "parent_grant_ids", "parent_jtis" FROM "token"."grants" WHERE "auth_grant_id" = $1`, [g2.authGrantId])).toEqual([
      { parent_grant_ids: ['p-1', 'p-2'], parent_jtis: ['j-1'] },
    ]);
    const outcomes = await Promise.allSettled([store.issue(grant(), []), store.issue(bad, [t3, { ...t3, jti: 'dup' }]), store.issue(undefined, [token(g1)])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.find(t3.tokenHash, '/alpha')).toBeNull();
    expect(await ds.query(`SELECT 1 FROM "token"."grants" WHERE "auth_grant_id" = $1`, [bad.authGrantId])).toEqual([]);
    expect((await store.find(t1.tokenHash, '/alpha'))?.claims).toEqual({ scope: ['read'] });
  });

  it('consumes a refresh token once; the second use reports the grant for revocation', async () => {
    const g = grant();
    const t = token(g);
    await store.issue(g, [t]);
    const results = await Promise.all([1, 2, 3].map(() => store.consumeRefresh(t.tokenHash, '/alpha', new Date())));
    expect(results.filter((r) => r.outcome === 'consumed')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'reused')).toEqual([
      { outcome: 'reused', authGrantId: g.authGrantId },
      { outcome: 'reused', authGrantId: g.authGrantId },
    ]);
    expect(await store.consumeRefresh('unknown', '/alpha', new Date())).toEqual({ outcome: 'invalid' });
  });

  it('refuses an expired refresh token', async () => {
    const g = grant();
    const t = { ...token(g), expiresAt: new Date(Date.now() - 1000) };
    await store.issue(g, [t]);
    expect(await store.consumeRefresh(t.tokenHash, '/alpha', new Date())).toEqual({ outcome: 'invalid' });
  });

  it('revokes a grant with its tokens and every grant exchanged from it, transitively', async () => {
    const root = grant();
    const rootToken = token(root, 'access_token');
    const child = grant({ parentGrantIds: [root.authGrantId] });
    const grandchild = grant({ parentGrantIds: [child.authGrantId] });
    const unrelated = grant();
    const childToken = token(child, 'access_token');
    await store.issue(root, [rootToken]);
    await store.issue(child, [childToken]);
    await store.issue(grandchild, []);
    await store.issue(unrelated, []);

    await store.revokeByGrantId(root.authGrantId);

    expect((await store.find(rootToken.tokenHash, '/alpha'))?.revoked).toBe(true);
    expect((await store.find(childToken.tokenHash, '/alpha'))?.revoked).toBe(true);
    expect(await store.isSignedTokenLive(signedRef('any', grandchild.authGrantId))).toBe(false);
    expect(await store.isSignedTokenLive(signedRef('any', unrelated.authGrantId))).toBe(true);
    expect((await store.consumeRefresh(rootToken.tokenHash, '/alpha', new Date())).outcome).toBe('invalid');
  });

  it('denies a revoked signed token and revokes what was exchanged from it, but not its grant', async () => {
    const g = grant();
    const exchanged = grant({ parentGrantIds: [], parentJtis: ['signed-jti'] });
    await store.issue(g, []);
    await store.issue(exchanged, []);
    expect(await store.isSignedTokenLive(signedRef('signed-jti', g.authGrantId))).toBe(true);

    await store.revokeToken({ jti: 'signed-jti', expiresAt: later(), realm: '/alpha' });

    expect(await store.isSignedTokenLive(signedRef('signed-jti', g.authGrantId))).toBe(false);
    expect(await store.isSignedTokenLive(signedRef('another-jti', g.authGrantId))).toBe(true);
    expect(await store.isSignedTokenLive(signedRef('x', exchanged.authGrantId))).toBe(false);
  });

  it('treats a signed token whose grant has no row as live until its jti is denied', async () => {
    expect(await store.isSignedTokenLive(signedRef('lone-jti', 'grant-without-row'))).toBe(true);
    await store.revokeToken({ jti: 'lone-jti', expiresAt: later(), realm: '/alpha' });
    expect(await store.isSignedTokenLive(signedRef('lone-jti', 'grant-without-row'))).toBe(false);
  });

  it('revokes one stored token without touching its siblings', async () => {
    const g = grant();
    const a = token(g, 'access_token');
    const b = token(g, 'access_token');
    await store.issue(g, [a, b]);
    await store.revokeToken({ tokenHash: a.tokenHash, jti: a.jti, expiresAt: a.expiresAt, realm: '/alpha' });
    expect((await store.find(a.tokenHash, '/alpha'))?.revoked).toBe(true);
    expect((await store.find(b.tokenHash, '/alpha'))?.revoked).toBe(false);
  });

  it('answers the lookups of one turn with one statement per kind, each lookup its own answer', async () => {
    const g = grant();
    const beta = { ...grant(), realm: '/beta' };
    const [a, r] = [token(g, 'access_token'), token(g)];
    const b = token(beta, 'access_token');
    await store.issue(g, [a, r]);
    await store.issue(beta, [b]);
    await store.revokeToken({ jti: 'denied-jti', expiresAt: later(), realm: '/alpha' });
    const pool = (ds.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
    const statements = jest.spyOn(pool, 'query');
    try {
      const [found, alone, wrongRealm, betaFound, live, denied] = await Promise.all([
        store.findAll([r.tokenHash, 'no-such-hash', a.tokenHash], '/alpha'),
        store.find(a.tokenHash, '/alpha'),
        store.find(b.tokenHash, '/alpha'),
        store.find(b.tokenHash, '/beta'),
        store.isSignedTokenLive(signedRef('live-jti', g.authGrantId)),
        store.isSignedTokenLive(signedRef('denied-jti', g.authGrantId)),
      ]);
      expect(found.map((t) => t.tokenHash)).toEqual([r.tokenHash, a.tokenHash]);
      expect(alone).toEqual({ ...a, usedAt: null, revoked: false });
      expect(wrongRealm).toBeNull();
      expect(betaFound?.jti).toBe(b.jti);
      expect([live, denied]).toEqual([true, false]);
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });

  it('splits a turn of more lookups than one statement takes, and answers every one', async () => {
    const g = grant();
    const tokens = Array.from({ length: 40 }, () => token(g, 'access_token'));
    await store.issue(g, tokens);
    const pool = (ds.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
    const statements = jest.spyOn(pool, 'query');
    try {
      const found = await Promise.all(tokens.map((t) => store.find(t.tokenHash, '/alpha')));
      expect(found.map((t) => t?.jti)).toEqual(tokens.map((t) => t.jti));
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });
  describe('lineage and governance (issue 20)', () => {
    it("kills the signed tokens of a revoked subject or client that have no row, issued up to the revocation's second, not those after", async () => {
      const now = Math.floor(Date.now() / 1000);
      const before = { ...signedRef('cut-1', 'cut-grant-none'), principals: ['cut-user', 'some-client'], issuedAt: now - 5 };
      const actorBefore = { ...signedRef('cut-2', 'cut-grant-none'), principals: ['other-user', 'cut-agent'], issuedAt: now - 5 };
      const after = { ...before, jti: 'cut-3', issuedAt: now + 5 };
      expect(await store.isSignedTokenLive(before)).toBe(true);
      await store.revokeSubject('/alpha', 'cut-user');
      await store.revokePrincipal('/alpha', 'cut-agent');
      expect(await store.isSignedTokenLive(before)).toBe(false);
      expect(await store.isSignedTokenLive(actorBefore)).toBe(false);
      expect(await store.isSignedTokenLive(after)).toBe(true);
      // Another realm's principal of the same name is untouched.
      expect(await store.isSignedTokenLive({ ...before, realm: '/beta' })).toBe(true);
    });

    const delegatedGrant = (parent: NewGrant, actors: string[], extra: Partial<NewGrant> = {}): NewGrant => ({
      ...grant({ parentGrantIds: [parent.authGrantId] }),
      subject: parent.subject,
      clientId: actors[0],
      details: { scope: ['read'], act: { sub: actors[0] } },
      actors,
      ...extra,
    });

    it('answers a grant and every grant exchanged from it, the grant first, and nothing for an unknown one', async () => {
      const root = { ...grant(), subject: 'lineage-user' };
      const child = delegatedGrant(root, ['agent-1']);
      const grandchild = delegatedGrant(child, ['agent-2', 'agent-1']);
      await store.issue(root, [token(root)]);
      await store.issue(child, []);
      await store.issue(grandchild, []);
      const lineage = await store.lineage('/alpha', root.authGrantId);
      expect(lineage[0].authGrantId).toBe(root.authGrantId);
      expect(new Set(lineage.map((g) => g.authGrantId))).toEqual(new Set([root.authGrantId, child.authGrantId, grandchild.authGrantId]));
      expect(lineage.find((g) => g.authGrantId === grandchild.authGrantId)).toMatchObject({ actors: ['agent-2', 'agent-1'], details: { scope: ['read'] }, revokedAt: null });
      expect(await store.lineage('/alpha', 'no-such-grant')).toEqual([]);
      expect(await store.lineage('/beta', root.authGrantId)).toEqual([]);
    });

    it("lists a subject's and an actor's live delegated grants, and revokes a subject's grants with their descendants", async () => {
      const root = { ...grant(), subject: 'revoked-user' };
      const child = delegatedGrant(root, ['agent-3']);
      const elsewhere = { ...delegatedGrant(root, ['agent-3']), subject: 'someone-else' };
      await store.issue(root, [token(root)]);
      await store.issue(child, []);
      await store.issue(elsewhere, []);
      expect((await store.delegationsOfSubject('/alpha', 'revoked-user', new Date())).grants.map((g) => g.authGrantId)).toEqual([child.authGrantId]);
      expect((await store.delegationsOfActor('/alpha', 'agent-3', new Date())).grants.map((g) => g.authGrantId).sort()).toEqual([child.authGrantId, elsewhere.authGrantId].sort());

      // `elsewhere` names root as its parent, so it is a descendant and goes too.
      expect(await store.revokeSubject('/alpha', 'revoked-user')).toBe(3);
      expect(await store.delegationsOfSubject('/alpha', 'revoked-user', new Date())).toEqual({ grants: [], next: null });
      expect(await store.delegationsOfActor('/alpha', 'agent-3', new Date())).toEqual({ grants: [], next: null });
      expect(await store.revokeSubject('/alpha', 'revoked-user')).toBe(0);
    });

    it("pages an actor's delegations in creation order: every grant once, none skipped, a cursor per page", async () => {
      const root = { ...grant(), subject: 'paged-user' };
      await store.issue(root, [token(root)]);
      const children = Array.from({ length: 7 }, () => delegatedGrant(root, ['agent-paged']));
      // Issued together: several share a created_at, which the id orders.
      await Promise.all(children.map((c) => store.issue(c, [])));
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.delegationsOfActor('/alpha', 'agent-paged', new Date(), { size: 3, ...(after && { after }) });
        expect(page.grants.length).toBeLessThanOrEqual(3);
        seen.push(...page.grants.map((g) => g.authGrantId));
        after = page.next ?? undefined;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBe(3);
      expect(seen.slice().sort()).toEqual(children.map((c) => c.authGrantId).sort());
      expect(new Set(seen).size).toBe(7);
      const all = await store.delegationsOfActor('/alpha', 'agent-paged', new Date());
      expect(all.grants.map((g) => g.authGrantId)).toEqual(seen);
      expect(all.next).toBeNull();
    });

    it('revokes the grants of a client or naming it in their act chain, and those an application policy authorised', async () => {
      const root = { ...grant(), subject: 'principal-user' };
      const viaAgent = delegatedGrant(root, ['agent-4']);
      const onward = delegatedGrant(viaAgent, ['agent-5', 'agent-4']);
      const byPolicy = delegatedGrant(root, ['agent-6'], { details: { scope: ['read'], act: { sub: 'agent-6' }, policies: ['agent-6/app'] } });
      for (const g of [root, viaAgent, onward, byPolicy]) await store.issue(g, []);
      expect(await store.revokePrincipal('/alpha', 'agent-5')).toBe(1);
      expect(await store.revokePrincipal('/alpha', 'agent-4')).toBe(1);
      expect(await store.revokePolicy('/alpha', 'agent-6/other-app')).toBe(0);
      expect(await store.revokePolicy('/alpha', 'agent-6/app')).toBe(1);
      const states = new Map((await store.lineage('/alpha', root.authGrantId)).map((g) => [g.authGrantId, g.revokedAt !== null]));
      expect(states).toEqual(new Map([[root.authGrantId, false], [viaAgent.authGrantId, true], [onward.authGrantId, true], [byPolicy.authGrantId, true]]));
    });
  });
});

/** A signed token's liveness key with no principal cut off (the jti and grant checks alone). */
function signedRef(jti: string, authGrantId: string) {
  return { jti, authGrantId, realm: '/alpha', principals: ['nobody-revoked'], issuedAt: Math.floor(Date.now() / 1000) };
}
