import 'reflect-metadata';
import { Messages } from '@mandate/contracts';
import { GROUP_STORE, type GroupStore, USER_STORE, type User, type UserStore } from '@mandate/oauth';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { PasswordHasher } from './passwords/password-hasher';
import { type AuthnTestApp, startAuthnTestApp } from './test/authn-test-app';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let pg: LocalPostgres;
let authn: AuthnTestApp;
let bjensen: User;
let inactive: User;

const verify = (username: string, password: string, realm = '/alpha') =>
  authn.rpc.request(Messages.authn.credentialsVerify, { realm, username, password });
const lookup = (user: string, realm = '/alpha') => authn.rpc.request(Messages.authn.userLookup, { realm, user });
const sessionCount = async () => Number((await authn.moduleRef.get(DataSource).query(`SELECT count(*) AS n FROM "authn"."sessions"`))[0].n);

async function createUser(username: string, password: string, attributes: Record<string, unknown> = {}): Promise<User> {
  const hash = await authn.moduleRef.get(PasswordHasher).hash(password);
  return (await authn.moduleRef.get<UserStore>(USER_STORE).create({ realm: '/alpha', username, attributes, passwordHash: hash })) as User;
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  authn = await startAuthnTestApp(pg.url);
  bjensen = await createUser('bjensen', 'Ch4ng31t', { mail: 'bjensen@example.com' });
  inactive = await createUser('gone', 'Ch4ng31t', { inetUserStatus: ['Inactive'] });
  const groups = authn.moduleRef.get<GroupStore>(GROUP_STORE);
  await groups.create('/alpha', 'hr', [bjensen.id]);
  await groups.create('/alpha', 'employees', [bjensen.id, inactive.id]);
});

afterAll(async () => {
  await authn?.close();
  await pg?.stop();
});

describe('authn.credentials.verify (password grant, am-spec §4.6)', () => {
  it('answers the user’s id, name and auth level 0 for the right password, and opens no SSO session', async () => {
    const before = await sessionCount();
    expect(await verify('bjensen', 'Ch4ng31t')).toEqual({ valid: true, userId: bjensen.id, username: 'bjensen', authLevel: 0 });
    expect(await sessionCount()).toBe(before);
  });

  it('answers the stored spelling of the username when asked in another case', async () => {
    expect(await verify('BJensen', 'Ch4ng31t')).toEqual({ valid: true, userId: bjensen.id, username: 'bjensen', authLevel: 0 });
  });

  it('answers {valid:false} for a wrong password, an unknown user and a user of another realm', async () => {
    expect(await verify('bjensen', 'wrong')).toEqual({ valid: false });
    expect(await verify('nobody', 'Ch4ng31t')).toEqual({ valid: false });
    expect(await verify('bjensen', 'Ch4ng31t', '/')).toEqual({ valid: false });
    expect(await verify('bjensen', 'Ch4ng31t')).toMatchObject({ valid: true }); // and clears the count
  });

  it('answers {valid:false} for an inactive user with the right password, as a login refuses it', async () => {
    expect(await verify('gone', 'Ch4ng31t')).toEqual({ valid: false });
    await expect(
      authn.rpc.request(Messages.authn.authenticate, { realm: '/alpha', credentials: { username: 'gone', password: 'Ch4ng31t' } }),
    ).rejects.toMatchObject({ status: 401, description: 'Login failure' });
  });

  it('shares the login lockout: five wrong passwords lock the account for verification and login alike', async () => {
    await createUser('locked', 'R1ght-one');
    for (let i = 0; i < 5; i++) expect(await verify('locked', `wrong-${i}`)).toEqual({ valid: false });
    expect(await verify('locked', 'R1ght-one')).toEqual({ valid: false });
    await expect(
      authn.rpc.request(Messages.authn.authenticate, { realm: '/alpha', credentials: { username: 'locked', password: 'R1ght-one' } }),
    ).rejects.toMatchObject({ status: 401, description: 'Login failure' });
  });
});

describe('authn.user.lookup (application policies, am-spec §5.9)', () => {
  it('finds a user by username with the names of its groups', async () => {
    expect(await lookup('bjensen')).toEqual({ userId: bjensen.id, username: 'bjensen', groups: ['employees', 'hr'], active: true });
  });

  it('finds the same user by its _id', async () => {
    expect(bjensen.id).toMatch(UUID);
    expect(await lookup(bjensen.id)).toEqual({ userId: bjensen.id, username: 'bjensen', groups: ['employees', 'hr'], active: true });
  });

  it('reports an inactive user as inactive', async () => {
    expect(await lookup('gone')).toEqual({ userId: inactive.id, username: 'gone', groups: ['employees'], active: false });
  });

  it('answers null for an unknown user, an unknown _id and a user of another realm', async () => {
    expect(await lookup('nobody')).toBeNull();
    expect(await lookup('00000000-0000-4000-8000-000000000099')).toBeNull();
    expect(await lookup('bjensen', '/')).toBeNull();
  });

  it('answers 404 for an unknown realm', async () => {
    await expect(lookup('bjensen', '/beta')).rejects.toMatchObject({ status: 404 });
  });
});
