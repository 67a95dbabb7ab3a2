import type { ClientView, UserLookupReply } from '@mandate/contracts';
import { PrincipalStatus } from './principal-status';

const client = (clientId: string, status: ClientView['status'] = 'Active') => ({ clientId, status }) as ClientView;

function statusOf(clients: ClientView[], users: NonNullable<UserLookupReply>[] = []) {
  return new PrincipalStatus(
    { client: async (_realm, id) => clients.find((c) => c.clientId === id) ?? null },
    { lookup: async (_realm, id) => users.find((u) => u.userId === id || u.username === id) ?? null },
  );
}

describe('PrincipalStatus (the kill switch of clients and agents)', () => {
  const bjensen = { userId: 'bjensen-uuid', username: 'bjensen', groups: [], active: true };

  it('accepts a token whose client and every actor are Active', async () => {
    const status = statusOf([client('web'), client('agent-a'), client('agent-b')]);
    expect(await status.problem('/alpha', { client_id: 'agent-b', sub: 'bjensen-uuid', act: { sub: 'agent-b', act: { sub: 'agent-a' } } })).toBeUndefined();
  });

  it('refuses a token of an Inactive or deleted client', async () => {
    expect(await statusOf([client('web', 'Inactive')]).problem('/alpha', { client_id: 'web' })).toBe('client web is inactive');
    expect(await statusOf([]).problem('/alpha', { client_id: 'web' })).toBe('client web no longer exists');
  });

  it('refuses a token whose act chain names an Inactive or deleted agent at any depth, (age!x) ≡ x', async () => {
    const claims = { client_id: 'agent-b', act: { sub: 'agent-b', act: { sub: '(age!agent-a)' } } };
    expect(await statusOf([client('agent-b'), client('agent-a', 'Inactive')]).problem('/alpha', claims)).toBe('actor agent-a is inactive');
    expect(await statusOf([client('agent-b')]).problem('/alpha', claims)).toBe('actor agent-a no longer exists in /alpha');
  });

  it('accepts a user acting while the user is active, and refuses them once disabled', async () => {
    const claims = { client_id: 'agent-b', act: { sub: 'bjensen-uuid' } };
    expect(await statusOf([client('agent-b')], [bjensen]).problem('/alpha', claims)).toBeUndefined();
    expect(await statusOf([client('agent-b')], [{ ...bjensen, active: false }]).problem('/alpha', claims)).toBe('actor bjensen-uuid is inactive');
  });
});
