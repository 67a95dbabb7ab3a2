import 'reflect-metadata';
import type { CodeGrant } from '@mandate/contracts';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { authorizeStorage } from './authorize.storage';
import { TypeOrmAuthorizationCodeStore } from './typeorm-authorization-code.store';

jest.setTimeout(60_000);

let pg: LocalPostgres;
let ds: DataSource;
let codes: TypeOrmAuthorizationCodeStore;

beforeAll(async () => {
  pg = await startLocalPostgres();
  ds = await new DataSource(dataSourceOptions(authorizeStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 8 })).initialize();
  await migrate(ds, 'authorize');
  codes = new TypeOrmAuthorizationCodeStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

const grant: CodeGrant = {
  clientId: 'hr-client',
  redirectUri: 'https://www.example.com:443/callback',
  scopes: ['read', 'write'],
  resources: ['https://mcp.example.com/mcp'],
  userId: '00000000-0000-4000-8000-000000000002',
  username: 'bjensen',
  authLevel: 0,
  authTime: 1_764_000_000,
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  codeChallengeMethod: 'S256',
  nonce: 'n-0S6_WzA2Mj',
  authGrantId: 'grant-1',
};
const now = new Date('2030-01-01T00:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const save = (codeHash: string, overrides: Partial<CodeGrant> = {}, lifetime = 120, realm = '/alpha') =>
  codes.save({ codeHash, realm, grant: { ...grant, ...overrides }, issuedAt: now, expiresAt: later(lifetime) });

describe('TypeOrmAuthorizationCodeStore', () => {
  it('gives a code’s whole binding to its first redemption, and replayed with the grant id to every later one', async () => {
    await save('hash-1');
    expect(await codes.consume('/alpha', 'hash-1', later(1))).toEqual({ outcome: 'consumed', grant });
    expect(await codes.consume('/alpha', 'hash-1', later(2))).toEqual({ outcome: 'replayed', authGrantId: 'grant-1' });
    expect(await codes.consume('/alpha', 'hash-1', later(3))).toEqual({ outcome: 'replayed', authGrantId: 'grant-1' });
  });

  it('keeps nulls for what the request left out', async () => {
    const bare = { redirectUri: null, resources: [], codeChallenge: null, codeChallengeMethod: null, nonce: null, authGrantId: 'grant-bare' };
    await save('hash-bare', bare);
    expect(await codes.consume('/alpha', 'hash-bare', later(1))).toEqual({ outcome: 'consumed', grant: { ...grant, ...bare } });
  });

  it('lets exactly one of many concurrent redemptions win', async () => {
    await save('hash-race', { authGrantId: 'grant-race' });
    const results = await Promise.all(Array.from({ length: 8 }, () => codes.consume('/alpha', 'hash-race', later(1))));
    expect(results.filter((r) => r.outcome === 'consumed')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'replayed')).toEqual(Array(7).fill({ outcome: 'replayed', authGrantId: 'grant-race' }));
  });

  it('answers invalid for an unknown code, an expired one, and a code of another realm', async () => {
    expect(await codes.consume('/alpha', 'no-such-hash', now)).toEqual({ outcome: 'invalid' });
    await save('hash-expiring', { authGrantId: 'grant-exp' }, 120);
    expect(await codes.consume('/alpha', 'hash-expiring', later(120))).toEqual({ outcome: 'invalid' });
    await save('hash-other-realm', {}, 120, '/beta');
    expect(await codes.consume('/alpha', 'hash-other-realm', later(1))).toEqual({ outcome: 'invalid' });
    expect(await codes.consume('/beta', 'hash-other-realm', later(1))).toMatchObject({ outcome: 'consumed' });
  });

  it('deletes unconsumed codes once expired and keeps consumed ones longer, to recognise replays', async () => {
    await save('hash-old-unused', { authGrantId: 'old-unused' }, 10);
    await save('hash-old-used', { authGrantId: 'old-used' }, 10);
    await codes.consume('/alpha', 'hash-old-used', later(1));
    const deleted = await codes.deleteExpired(later(11), later(-3600));
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left: Array<{ auth_grant_id: string }> = await ds.query(`SELECT "auth_grant_id" FROM "authorize"."authorization_codes" WHERE "auth_grant_id" LIKE 'old-%'`);
    expect(left).toEqual([{ auth_grant_id: 'old-used' }]);
    expect(await codes.consume('/alpha', 'hash-old-used', later(12))).toEqual({ outcome: 'replayed', authGrantId: 'old-used' });
    await codes.deleteExpired(later(11), later(11));
    expect(await codes.consume('/alpha', 'hash-old-used', later(12))).toEqual({ outcome: 'invalid' });
  });
});
