import type { ActiveSession } from '@mandate/contracts';
import type { SessionClient } from '@mandate/platform';
import { SessionStep } from './session.step';

const session = (realm: string): ActiveSession => ({ valid: true, userId: 'u-1', username: 'bjensen', realm, isAdmin: false, authLevel: 0, expiresAt: '2030-01-01T00:00:00Z' });
const live: Record<string, ActiveSession> = { alpha: session('/alpha'), root: { ...session('/'), username: 'amadmin', isAdmin: true } };
const step = new SessionStep({ validate: async (token?: string) => (token ? live[token] : undefined) } as unknown as SessionClient);

describe('session step (am-spec §3.1)', () => {
  it('answers the live session of the request’s realm', async () => {
    await expect(step.check('/alpha', 'alpha')).resolves.toEqual(session('/alpha'));
  });

  it('answers none without a token, for a dead one, and for a session of another realm', async () => {
    await expect(step.check('/alpha', undefined)).resolves.toBeUndefined();
    await expect(step.check('/alpha', 'dead')).resolves.toBeUndefined();
    await expect(step.check('/alpha', 'root')).resolves.toBeUndefined();
  });
});
