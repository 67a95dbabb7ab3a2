import type { ClientView, UserLookupReply } from '@mandate/contracts';
import { ActorStatus } from './actor-status';

const clients: Record<string, Partial<ClientView>> = { 'hr-agent': { status: 'Active' }, 'off-agent': { status: 'Inactive' } };
const users: Record<string, NonNullable<UserLookupReply>> = {
  'uuid-on': { userId: 'uuid-on', username: 'on', groups: [], active: true },
  'uuid-off': { userId: 'uuid-off', username: 'off', groups: [], active: false },
};
const status = new ActorStatus(
  { client: async (_realm, id) => (clients[id] as ClientView | undefined) ?? null },
  { lookup: async (_realm, id) => users[id] ?? null },
);

describe('ActorStatus', () => {
  it('finds nothing wrong with an active client or user', async () => {
    expect(await status.problem('/alpha', 'hr-agent')).toBeUndefined();
    expect(await status.problem('/alpha', 'uuid-on')).toBeUndefined();
  });

  it('names an inactive client or user, and an actor that no longer exists', async () => {
    expect(await status.problem('/alpha', 'off-agent')).toBe('actor off-agent is inactive');
    expect(await status.problem('/alpha', 'uuid-off')).toBe('actor uuid-off is inactive');
    expect(await status.problem('/alpha', 'deleted')).toBe('actor deleted no longer exists in /alpha');
  });
});
