import type { ActiveSession } from '@mandate/contracts';
import type { RpcClient } from '../rpc/rpc.client';
import { SessionClient, tokenHash } from './session.client';

const live: ActiveSession = { valid: true, userId: 'u1', username: 'bjensen', realm: '/alpha', isAdmin: false, authLevel: 0, expiresAt: '2999-01-01T00:00:00.000Z' };

/** authn-service's answers, released one at a time, and how many were asked for. */
function authn() {
  const pending: Array<(reply: unknown) => void> = [];
  const rpc = { request: () => new Promise((resolve) => pending.push(resolve)) } as unknown as RpcClient;
  return { rpc, answer: (reply: unknown) => pending.shift()!(reply), asked: () => pending.length };
}

describe('SessionClient', () => {
  it('answers a session from its cache until authn.session.ended names it, then refuses it without asking', async () => {
    const { rpc, answer, asked } = authn();
    const sessions = new SessionClient(rpc);
    const first = sessions.validate('tok');
    answer(live);
    expect(await first).toEqual(live);
    expect(await sessions.validate('tok')).toEqual(live);
    sessions.ended(tokenHash('tok'));
    expect(await sessions.validate('tok')).toBeUndefined();
    expect(asked()).toBe(0);
  });

  it('does not let an answer still in flight when the session ended bring it back', async () => {
    const { rpc, answer } = authn();
    const sessions = new SessionClient(rpc);
    const inFlight = sessions.validate('tok');
    sessions.ended(tokenHash('tok'));
    answer(live);
    expect(await inFlight).toBeUndefined();
    expect(await sessions.validate('tok')).toBeUndefined();
  });

  it('asks again for every session after a resync, but still refuses those that ended', async () => {
    const { rpc, answer, asked } = authn();
    const sessions = new SessionClient(rpc);
    for (const token of ['live', 'ended']) {
      const first = sessions.validate(token);
      answer(live);
      await first;
    }
    sessions.ended(tokenHash('ended'));
    const inFlight = sessions.validate('slow');
    sessions.resync();
    answer(live);
    await inFlight; // asked before the resync: answered, not cached
    expect(await sessions.validate('ended')).toBeUndefined();
    const again = sessions.validate('live');
    expect(asked()).toBe(1);
    answer(live);
    expect(await again).toEqual(live);
    void sessions.validate('slow');
    expect(asked()).toBe(1);
  });

  it('names a session by its token’s SHA-256 in hex, as authn-service stores it', () => {
    expect(tokenHash('tok')).toBe('1a7674eb4ee78df7e1ac439a93c3fa8e3c945784d4dec9fd8e3011738b2f1d62');
  });
});
