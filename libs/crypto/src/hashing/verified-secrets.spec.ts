import { VerifiedSecrets } from './verified-secrets';

describe('VerifiedSecrets', () => {
  it('matches only the remembered secret under its key', () => {
    const memo = new VerifiedSecrets();
    memo.remember('alpha/hr-agent/hash1', 'mySecret');
    expect(memo.matches('alpha/hr-agent/hash1', 'mySecret')).toBe(true);
    expect(memo.matches('alpha/hr-agent/hash1', 'mySecret ')).toBe(false);
    expect(memo.matches('alpha/hr-agent/hash2', 'mySecret')).toBe(false);
  });

  it('forgets entries when they expire or are dropped', () => {
    const expiring = new VerifiedSecrets(-1);
    expiring.remember('k', 's');
    expect(expiring.matches('k', 's')).toBe(false);
    const memo = new VerifiedSecrets();
    memo.remember('k', 's');
    memo.forget('k');
    expect(memo.matches('k', 's')).toBe(false);
  });

  it('stays bounded', () => {
    const memo = new VerifiedSecrets(60_000, 2);
    memo.remember('a', '1');
    memo.remember('b', '2');
    memo.remember('c', '3');
    expect(memo.matches('c', '3')).toBe(true);
    expect(memo.matches('a', '1')).toBe(false);
  });

  it('keeps no secret in clear', () => {
    const memo = new VerifiedSecrets();
    memo.remember('k', 'super-secret-value');
    expect(JSON.stringify([...(memo as unknown as { entries: Map<string, unknown> }).entries])).not.toContain('super-secret-value');
  });
});
