import 'reflect-metadata';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { authnStorage } from './authn.storage';
import { TypeOrmGroupStore } from './typeorm-group.store';
import { TypeOrmLoginFailureStore } from './typeorm-login-failure.store';
import { TypeOrmSsoSessionStore } from './typeorm-sso-session.store';
import { TypeOrmUserStore } from './typeorm-user.store';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POLICY = { maxFailures: 3, windowSeconds: 300, lockoutSeconds: 300 };

let pg: LocalPostgres;
let ds: DataSource;
let users: TypeOrmUserStore;
let groups: TypeOrmGroupStore;
let sessions: TypeOrmSsoSessionStore;
let failures: TypeOrmLoginFailureStore;

beforeAll(async () => {
  pg = await startLocalPostgres();
  ds = await new DataSource(dataSourceOptions(authnStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })).initialize();
  await migrate(ds, 'authn');
  users = new TypeOrmUserStore(ds);
  groups = new TypeOrmGroupStore(ds);
  sessions = new TypeOrmSsoSessionStore(ds);
  failures = new TypeOrmLoginFailureStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

const newUser = (username: string, realm = '/alpha', attributes: Record<string, unknown> = {}) => ({
  realm,
  username,
  attributes,
  passwordHash: '$argon2id$dummy',
});

describe('TypeOrmUserStore', () => {
  it('creates a user with a UUID id and revision 1, and never returns the hash from find', async () => {
    const user = await users.create(newUser('bjensen', '/alpha', { mail: 'bjensen@example.com' }));
    expect(user).toEqual({
      id: expect.stringMatching(UUID),
      realm: '/alpha',
      username: 'bjensen',
      attributes: { mail: 'bjensen@example.com' },
      revision: 1,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await users.find('/alpha', 'bjensen')).toEqual(user);
    expect(await users.find('/alpha', user!.id)).toEqual(user);
    expect(await users.credentials('/alpha', 'BJENSEN')).toEqual({ user, passwordHash: '$argon2id$dummy' });
  });

  it('lets exactly one of two concurrent creates of a username win, ignoring case', async () => {
    const results = await Promise.all([users.create(newUser('race')), users.create(newUser('RACE'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps usernames per realm', async () => {
    expect(await users.create(newUser('shared', '/alpha'))).toBeDefined();
    expect(await users.create(newUser('shared', '/'))).toBeDefined();
    expect((await users.find('/', 'shared'))?.realm).toBe('/');
  });

  it('replaces attributes, keeps the password unless given, and honours the revision', async () => {
    const user = (await users.create(newUser('replaced', '/alpha', { sn: 'Old' })))!;
    const done = await users.replace('/alpha', user.id, { attributes: { sn: 'New' } }, 1);
    expect(done).toMatchObject({ status: 'done', value: { attributes: { sn: 'New' }, revision: 2 } });
    expect((await users.credentials('/alpha', 'replaced'))?.passwordHash).toBe('$argon2id$dummy');
    await users.replace('/alpha', user.id, { attributes: {}, passwordHash: '$argon2id$other' });
    expect((await users.credentials('/alpha', 'replaced'))?.passwordHash).toBe('$argon2id$other');
    expect(await users.replace('/alpha', user.id, { attributes: {} }, 1)).toEqual({ status: 'stale' });
    expect(await users.replace('/', user.id, { attributes: {} })).toEqual({ status: 'missing' });
  });

  it('deletes a user and answers what it deleted', async () => {
    const user = (await users.create(newUser('gone')))!;
    expect(await users.delete('/alpha', user.id)).toEqual({ status: 'done', value: user });
    expect(await users.find('/alpha', 'gone')).toBeUndefined();
    expect(await users.delete('/alpha', user.id)).toEqual({ status: 'missing' });
  });

  it('queries with CREST filters over columns and attributes', async () => {
    await users.create(newUser('q-one', '/q', { mail: 'one@example.com', sn: 'Smith' }));
    await users.create(newUser('q-two', '/q', { mail: 'two@example.com', sn: 'Jones' }));
    const names = async (filter: Parameters<TypeOrmUserStore['query']>[1]) => (await users.query('/q', filter)).map((u) => u.username);
    expect(await names({ op: 'true' })).toEqual(['q-one', 'q-two']);
    expect(await names({ op: 'eq', field: ['username'], value: 'Q-ONE' })).toEqual(['q-one']);
    expect(await names({ op: 'co', field: ['mail'], value: 'two@' })).toEqual(['q-two']);
    expect(await names({ op: 'or', filters: [{ op: 'eq', field: ['sn'], value: 'smith' }, { op: 'sw', field: ['username'], value: 'q-t' }] })).toEqual([
      'q-one',
      'q-two',
    ]);
    expect(await names({ op: 'not', filter: { op: 'eq', field: ['sn'], value: 'Smith' } })).toEqual(['q-two']);
    expect(await names({ op: 'pr', field: ['givenName'] })).toEqual([]);
    expect(await names({ op: 'eq', field: ['userpassword'], value: '$argon2id$dummy' })).toEqual([]);
  });
});

describe('TypeOrmGroupStore', () => {
  it('creates a group with members, lists them by username, and drops a deleted member', async () => {
    const a = (await users.create(newUser('g-a', '/g')))!;
    const b = (await users.create(newUser('g-b', '/g')))!;
    const group = await groups.create('/g', 'hr', [b.id, a.id]);
    expect(group).toEqual({ id: expect.stringMatching(UUID), realm: '/g', name: 'hr', revision: 1, members: ['g-a', 'g-b'] });
    expect(await groups.create('/g', 'HR', [])).toBeUndefined();
    expect(await groups.groupsOf(a.id)).toEqual(['hr']);
    await users.delete('/g', a.id);
    expect((await groups.find('/g', 'hr'))?.members).toEqual(['g-b']);
  });

  it('replaces members, deletes, and queries by name', async () => {
    const c = (await users.create(newUser('g-c', '/g')))!;
    await groups.create('/g', 'ops', []);
    expect(await groups.replace('/g', 'ops', [c.id], 1)).toMatchObject({ status: 'done', value: { members: ['g-c'], revision: 2 } });
    expect(await groups.replace('/g', 'ops', [], 1)).toEqual({ status: 'stale' });
    expect((await groups.query('/g', { op: 'eq', field: ['username'], value: 'ops' })).map((g) => g.name)).toEqual(['ops']);
    expect(await groups.delete('/g', 'ops')).toMatchObject({ status: 'done', value: { name: 'ops' } });
    expect(await groups.delete('/g', 'ops')).toEqual({ status: 'missing' });
  });
});

describe('TypeOrmSsoSessionStore', () => {
  it('creates, finds by token hash, touches and revokes a session', async () => {
    const user = (await users.create(newUser('s-user')))!;
    const expiresAt = new Date(Date.now() + 60_000);
    const session = await sessions.create({ tokenHash: 'h1', userId: user.id, realm: '/alpha', authLevel: 0, expiresAt });
    expect(session).toMatchObject({ userId: user.id, username: 's-user', realm: '/alpha', authLevel: 0, expiresAt });
    const later = new Date(Date.now() + 5_000);
    await sessions.touch(session.id, later);
    expect((await sessions.findByTokenHash('h1'))?.lastSeenAt).toEqual(later);
    expect(await sessions.revoke('h1')).toBe(true);
    expect(await sessions.revoke('h1')).toBe(false);
    expect(await sessions.findByTokenHash('h1')).toBeUndefined();
  });

  it('purges sessions past their maximum lifetime', async () => {
    const user = (await users.create(newUser('s-old')))!;
    await sessions.create({ tokenHash: 'old', userId: user.id, realm: '/alpha', authLevel: 0, expiresAt: new Date(Date.now() - 1000) });
    expect(await sessions.purgeExpired(new Date())).toBeGreaterThanOrEqual(1);
    expect(await sessions.findByTokenHash('old')).toBeUndefined();
  });
});

describe('TypeOrmLoginFailureStore', () => {
  it('locks an account at the Nth failure, reports the transition once, and resets', async () => {
    expect(await failures.recordFailure('/alpha', 'Victim', POLICY)).toEqual({ failures: 1, lockedNow: false });
    expect(await failures.recordFailure('/alpha', 'victim', POLICY)).toEqual({ failures: 2, lockedNow: false });
    const third = await failures.recordFailure('/alpha', 'victim', POLICY);
    expect(third).toEqual({ failures: 3, lockedNow: true, lockedUntil: expect.any(Date) });
    expect(await failures.lockedUntil('/alpha', 'VICTIM')).toEqual(third.lockedUntil);
    expect(await failures.lockedUntil('/', 'victim')).toBeUndefined();
    await failures.reset('/alpha', 'victim');
    expect(await failures.lockedUntil('/alpha', 'victim')).toBeUndefined();
    expect(await failures.recordFailure('/alpha', 'victim', POLICY)).toEqual({ failures: 1, lockedNow: false });
  });

  it('counts concurrent failures without losing one', async () => {
    await Promise.all(Array.from({ length: 8 }, () => failures.recordFailure('/alpha', 'burst', { ...POLICY, maxFailures: 100 })));
    expect(await failures.recordFailure('/alpha', 'burst', { ...POLICY, maxFailures: 100 })).toMatchObject({ failures: 9 });
  });

  it('starts a new window after the lockout has ended', async () => {
    const short = { maxFailures: 1, windowSeconds: 300, lockoutSeconds: 0.2 };
    expect(await failures.recordFailure('/alpha', 'brief', short)).toMatchObject({ failures: 1, lockedNow: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await failures.lockedUntil('/alpha', 'brief')).toBeUndefined();
    expect(await failures.recordFailure('/alpha', 'brief', short)).toMatchObject({ failures: 1, lockedNow: true });
  });
});
