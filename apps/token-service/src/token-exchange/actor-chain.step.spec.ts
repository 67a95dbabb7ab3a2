import { actorChain, nestAct } from './actor-chain.step';

const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' });

describe('actor chains', () => {
  it('reads a nested act newest first', () => {
    expect(actorChain({ sub: 'c', act: { sub: 'b', act: { sub: 'a' } } })).toEqual(['c', 'b', 'a']);
    expect(actorChain(undefined)).toEqual([]);
  });

  it('starts a chain with a plain actor id', () => {
    expect(nestAct('(age!hr-agent)', undefined, 5)).toEqual({ sub: 'hr-agent' });
  });

  it('nests the previous act inside the new actor: the outermost is the newest (RFC 8693 §4.1)', () => {
    expect(nestAct('c', { sub: 'b', act: { sub: 'a' } }, 5)).toEqual({ sub: 'c', act: { sub: 'b', act: { sub: 'a' } } });
  });

  it('refuses an actor already in the chain, typed or plain (no cycles)', () => {
    expect(() => nestAct('a', { sub: 'b', act: { sub: '(age!a)' } }, 5)).toThrow(refusal);
    expect(() => nestAct('b', { sub: 'b' }, 5)).toThrow(refusal);
  });

  it('refuses a chain deeper than the configured maximum', () => {
    expect(nestAct('b', { sub: 'a' }, 2)).toEqual({ sub: 'b', act: { sub: 'a' } });
    expect(() => nestAct('c', { sub: 'b', act: { sub: 'a' } }, 2)).toThrow(refusal);
    expect(() => nestAct('b', { sub: 'a' }, 1)).toThrow(refusal);
  });
});
