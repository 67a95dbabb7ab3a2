import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RealmView, Messages } from '@mandate/contracts';
import { GROUP_STORE, type GroupStore, IMPORT_LEDGER, type ImportLedger, USER_STORE, type UserStore } from '@mandate/oauth';
import { ServiceUnavailableError, createLogger, loadConfig } from '@mandate/platform';
import { startLocalPostgres, type LocalPostgres, workspaceRoot } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { IdentityImport } from './import/identity-import';
import { identityImportConfig } from './import/identity-import.config';
import { parseIdentityImportFile } from './import/identity-import-file.schema';
import { PasswordHasher } from './passwords/password-hasher';
import { type AuthnTestApp, KnownRealms, startAuthnTestApp } from './test/authn-test-app';

jest.setTimeout(60_000);

const DEMO = join(workspaceRoot(), 'config', 'demo.json');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let pg: LocalPostgres;
let authn: AuthnTestApp;
let dir: string;

/**
 * An import as authn-service runs it at start, with its own configuration and realm answers.
 * Forced unless a test says otherwise: these tests apply files again on purpose (the e2e
 * authn-import spec checks that a start skips a file already applied).
 */
function importer(env: Record<string, string>, realms: { resolve(path: string): Promise<RealmView> } = new KnownRealms()) {
  const m = authn.moduleRef;
  return new IdentityImport(
    loadConfig(identityImportConfig, { MANDATE_IMPORT_FORCE: 'true', ...env }),
    m.get<UserStore>(USER_STORE),
    m.get<GroupStore>(GROUP_STORE),
    m.get(PasswordHasher),
    realms as never,
    m.get<ImportLedger>(IMPORT_LEDGER),
    createLogger('authn-service', 'silent'),
  );
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const login = (username: string, password: string) =>
  authn.rpc.request(Messages.authn.authenticate, { realm: '/alpha', credentials: { username, password } });
const userRow = async (username: string) =>
  (await authn.moduleRef.get(DataSource).query(`SELECT "id", "revision", "password_hash" FROM "authn"."users" WHERE "username" = $1`, [username]))[0];

beforeAll(async () => {
  pg = await startLocalPostgres();
  authn = await startAuthnTestApp(pg.url);
  dir = mkdtempSync(join(tmpdir(), 'authn-import-'));
});

afterAll(async () => {
  await authn?.close();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('declarative import of users and groups (MANDATE_IMPORT)', () => {
  it('creates config/demo.json’s bjensen, who signs in to /alpha, and the hr group with her as member', async () => {
    await importer({ MANDATE_IMPORT: DEMO }).onApplicationBootstrap();
    await expect(login('bjensen', 'Ch4ng31t')).resolves.toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/alpha' });
    const bjensen = await authn.moduleRef.get<UserStore>(USER_STORE).find('/alpha', 'bjensen');
    expect(bjensen).toMatchObject({ id: expect.stringMatching(UUID), attributes: { mail: 'bjensen@example.com', givenName: 'Babs', sn: 'Jensen', cn: 'Babs Jensen' } });
    expect(bjensen?.attributes).not.toHaveProperty('userpassword');
    expect(await authn.moduleRef.get<GroupStore>(GROUP_STORE).find('/alpha', 'hr')).toMatchObject({ name: 'hr', members: ['bjensen'] });
  });

  it('leaves an existing user as it is at the next start: same _id, revision and password, even if the file’s password changed', async () => {
    const before = await userRow('bjensen');
    const changed = file('changed-password.json', {
      realms: ['/alpha'],
      users: { '/alpha': [{ username: 'bjensen', userpassword: 'An0ther-one' }] },
      groups: { '/alpha': [{ username: 'hr', uniqueMember: ['bjensen'] }] },
    });
    const counts = await importer({ MANDATE_IMPORT: changed }).apply(parseIdentityImportFile(changed, readFileSync(changed, 'utf8')), changed);
    expect(counts).toEqual({ usersCreated: 0, usersKept: 1, groupsCreated: 0, membersAdded: 0 });
    expect(await userRow('bjensen')).toEqual(before);
    await expect(login('bjensen', 'Ch4ng31t')).resolves.toMatchObject({ realm: '/alpha' });
  });

  it('adds the listed members an existing group lacks and removes none', async () => {
    const users = authn.moduleRef.get<UserStore>(USER_STORE);
    const alice = await users.create({ realm: '/alpha', username: 'alice', attributes: {}, passwordHash: null });
    await authn.moduleRef.get<GroupStore>(GROUP_STORE).create('/alpha', 'ops', [alice!.id]);
    const path = file('ops.json', { users: { '/alpha': [{ username: 'carol' }] }, groups: { '/alpha': [{ username: 'ops', uniqueMember: ['carol', 'bjensen'] }] } });
    await importer({ MANDATE_IMPORT: path }).onApplicationBootstrap();
    expect(await authn.moduleRef.get<GroupStore>(GROUP_STORE).find('/alpha', 'ops')).toMatchObject({ members: ['alice', 'bjensen', 'carol'] });
  });

  it('waits for a realm that registration-service has not answered for yet', async () => {
    let calls = 0;
    const starting = {
      async resolve(path: string): Promise<RealmView> {
        if (++calls <= 2) throw new ServiceUnavailableError('registration.realm.resolve', 'no-responders');
        return new KnownRealms().resolve(path);
      },
    };
    const path = file('late-realm.json', { users: { '/alpha': [{ username: 'dave', userpassword: 'D4ve-pass' }] } });
    await importer({ MANDATE_IMPORT: path }, starting).onApplicationBootstrap();
    expect(calls).toBe(3);
    await expect(login('dave', 'D4ve-pass')).resolves.toMatchObject({ realm: '/alpha' });
  });

  it('fails the start, naming the realm, when a realm still does not exist after the wait', async () => {
    const path = file('no-realm.json', { users: { '/beta': [{ username: 'erin' }] } });
    await expect(importer({ MANDATE_IMPORT: path, MANDATE_IMPORT_REALM_WAIT_SECONDS: '1' }).onApplicationBootstrap()).rejects.toThrow(
      `MANDATE_IMPORT ${path}: realm /beta could not be resolved within 1 s (it does not exist); list it under "realms" of the file so that registration-service creates it`,
    );
  });

  it('fails the start naming a group member that is no user', async () => {
    const path = file('bad-member.json', { groups: { '/alpha': [{ username: 'hr', uniqueMember: ['bjensen', 'ghost'] }] } });
    await expect(importer({ MANDATE_IMPORT: path }).onApplicationBootstrap()).rejects.toThrow(
      `MANDATE_IMPORT ${path} at groups./alpha.hr: unknown member ghost: list it under "users" of the same realm, or create it first`,
    );
  });

  it('fails the start for a file that is missing or not JSON', async () => {
    const missing = join(dir, 'missing.json');
    await expect(importer({ MANDATE_IMPORT: missing }).onApplicationBootstrap()).rejects.toThrow(`MANDATE_IMPORT ${missing}: cannot be read: ENOENT`);
    const broken = file('broken.json', '{"users": ');
    await expect(importer({ MANDATE_IMPORT: broken }).onApplicationBootstrap()).rejects.toThrow(`MANDATE_IMPORT ${broken}: not valid JSON`);
  });
});

describe('the import file’s users and groups', () => {
  it('ignores the keys registration-service owns', () => {
    expect(parseIdentityImportFile('f.json', JSON.stringify({ realms: ['/alpha'], clients: { '/alpha': {} }, anything: 1 }))).toEqual({ users: {}, groups: {} });
  });

  it('names every bad user and group, by realm and position', () => {
    const text = JSON.stringify({
      users: { '/alpha': [{ username: 'ok' }, { username: 'a/b' }, { username: 'x', userpassword: 42 }], beta: [] },
      groups: { '/alpha': [{ username: 'hr', uniqueMember: 'bjensen' }] },
    });
    expect(() => parseIdentityImportFile('f.json', text)).toThrow(
      'MANDATE_IMPORT f.json: users.beta: not a realm path (such as / or /alpha); groups./alpha.0.uniqueMember: Invalid input: expected array, received string',
    );
    const users = JSON.stringify({ users: { '/alpha': [{ username: 'ok' }, { username: 'a/b' }, { username: 'x', userpassword: 42 }] } });
    expect(() => parseIdentityImportFile('f.json', users)).toThrow('MANDATE_IMPORT f.json: users./alpha.1 (a/b): Invalid username; users./alpha.2 (x): Invalid userpassword');
  });
});
