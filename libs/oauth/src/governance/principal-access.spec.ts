import type { ActiveSession, ClientView } from '@mandate/contracts';
import { CrestError } from '../errors/crest-error';
import { PrincipalAccess } from './principal-access';

const session = (username: string, extra: Partial<ActiveSession> = {}): ActiveSession =>
  ({ valid: true, userId: `${username}-uuid`, username, realm: '/alpha', isAdmin: false, ...extra }) as ActiveSession;
const agents = [{ clientId: 'hr-agent', agentType: 'AIAgent', owners: ['alice'] }, { clientId: 'hr-client', agentType: 'OAuth2Client', owners: ['alice'] }] as ClientView[];
const access = new PrincipalAccess(
  { validate: async (tokenId) => (tokenId === 'alice-token' ? session('alice') : undefined) },
  { client: async (_realm, id) => agents.find((a) => a.clientId === id) ?? null },
);
const forbidden = (username: string) => expect.objectContaining({ status: 403, message: `User, ${username}, not authorized.` });

describe('PrincipalAccess', () => {
  it('answers 401 without a live session', async () => {
    await expect(access.session(undefined)).rejects.toBeInstanceOf(CrestError);
    await expect(access.session('dead')).rejects.toMatchObject({ status: 401 });
    expect(await access.session('alice-token')).toMatchObject({ username: 'alice' });
  });

  it('lets amadmin in on any grounds', async () => {
    await expect(access.require(session('amadmin', { isAdmin: true, realm: '/' }), '/alpha', {})).resolves.toBeUndefined();
  });

  it('lets a user of the realm in for their own grants, and an owner for their AI agents only', async () => {
    await expect(access.require(session('bjensen'), '/alpha', { userIds: ['bjensen-uuid'] })).resolves.toBeUndefined();
    await expect(access.require(session('alice'), '/alpha', { agents: ['hr-agent'] })).resolves.toBeUndefined();
    // owners of an OAuth2 client mean nothing: only AI agents have owners.
    await expect(access.require(session('alice'), '/alpha', { agents: ['hr-client'] })).rejects.toEqual(forbidden('alice'));
  });

  it('refuses everybody else with 403, and a user of another realm even for their own id', async () => {
    await expect(access.require(session('mallory'), '/alpha', { userIds: ['bjensen-uuid'], agents: ['hr-agent'] })).rejects.toEqual(forbidden('mallory'));
    await expect(access.require(session('bjensen', { realm: '/beta' }), '/alpha', { userIds: ['bjensen-uuid'] })).rejects.toEqual(forbidden('bjensen'));
  });
});
