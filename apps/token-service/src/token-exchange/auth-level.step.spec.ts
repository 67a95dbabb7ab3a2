import { checkAuthLevel } from './auth-level.step';

const subject = (claims: Record<string, unknown>) => ({ claims, sub: 's', jti: 'j', authGrantId: 'g', exp: 0 });
const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' });

describe('checkAuthLevel (contract §3.5)', () => {
  it('accepts any subject when tokenExchangeAuthLevel is 0', () => {
    expect(() => checkAuthLevel({ clientId: 'c', tokenExchangeAuthLevel: 0 }, subject({}))).not.toThrow();
  });

  it('refuses a subject token below the level, and a client token (no auth_level)', () => {
    expect(() => checkAuthLevel({ clientId: 'c', tokenExchangeAuthLevel: 1 }, subject({ auth_level: 0 }))).toThrow(refusal);
    expect(() => checkAuthLevel({ clientId: 'c', tokenExchangeAuthLevel: 1 }, subject({}))).toThrow(refusal);
  });

  it('accepts a subject token at or above the level', () => {
    expect(() => checkAuthLevel({ clientId: 'c', tokenExchangeAuthLevel: 2 }, subject({ auth_level: 2 }))).not.toThrow();
  });
});
