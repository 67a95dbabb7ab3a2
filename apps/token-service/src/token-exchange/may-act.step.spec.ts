import { authoriseByMayAct, mayActNaming } from './may-act.step';
import type { PresentedToken, PresentedTokens } from './presented-tokens.step';

const token = (sub: string, extra: Record<string, unknown> = {}): PresentedToken => ({
  claims: { sub, ...extra },
  sub,
  jti: `jti-${sub}`,
  authGrantId: `grant-${sub}`,
  exp: 2_000_000_000,
});
const SEED_000 = { client_id: 'hr-agent', sub: '(age!hr-agent)' };
const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' });

describe('mayActNaming', () => {
  it('finds the acting client in a single client_id or a list', () => {
    expect(mayActNaming({ may_act: SEED_000 }, 'hr-agent')).toEqual({ clientIds: ['hr-agent'], subs: ['hr-agent'] });
    expect(mayActNaming({ may_act: { client_id: ['c1', 'c2'], sub: ['(usr!bjensen)', '(age!c3)'] } }, 'c2')).toEqual({ clientIds: ['c1', 'c2'], subs: ['bjensen', 'c3'] });
  });

  it('is undefined without may_act, or when may_act names other clients', () => {
    expect(mayActNaming({}, 'hr-agent')).toBeUndefined();
    expect(mayActNaming({ may_act: 'hr-agent' }, 'hr-agent')).toBeUndefined();
    expect(mayActNaming({ may_act: SEED_000 }, 'risk-agent')).toBeUndefined();
  });
});

describe('authoriseByMayAct', () => {
  const seed000 = mayActNaming({ may_act: SEED_000 }, 'hr-agent')!;

  it('delegates to the actor named in may_act.sub, (age!x) ≡ x (seed 000)', () => {
    const tokens: PresentedTokens = { subject: token('bjensen-uuid'), actor: token('hr-agent') };
    expect(authoriseByMayAct(seed000, tokens)).toEqual({ mode: 'delegation', actor: 'hr-agent' });
  });

  it('refuses a rogue actor outside may_act.sub (keycloak#50690)', () => {
    expect(() => authoriseByMayAct(seed000, { subject: token('bjensen-uuid'), actor: token('rogue-agent') })).toThrow(refusal);
  });

  it('impersonates when may_act names the client and also a sub: may_act.sub is consulted only for delegation (contract §3.3)', () => {
    expect(authoriseByMayAct(seed000, { subject: token('bjensen-uuid') })).toEqual({ mode: 'impersonation' });
  });

  it('lets an agent impersonate itself when may_act names it (seed 002)', () => {
    const self = mayActNaming({ may_act: { client_id: 'sw', sub: '(age!sw)' } }, 'sw')!;
    expect(authoriseByMayAct(self, { subject: token('sw') })).toEqual({ mode: 'impersonation' });
  });

  it('impersonates when may_act names only client_id (AM impersonation script)', () => {
    const imp = mayActNaming({ may_act: { client_id: 'svc' } }, 'svc')!;
    expect(authoriseByMayAct(imp, { subject: token('bjensen-uuid') })).toEqual({ mode: 'impersonation' });
  });

  it('refuses delegation when may_act names no actor at all', () => {
    const imp = mayActNaming({ may_act: { client_id: 'svc' } }, 'svc')!;
    expect(() => authoriseByMayAct(imp, { subject: token('bjensen-uuid'), actor: token('svc') })).toThrow(refusal);
  });

  it('refuses to re-exchange a delegated token without its actor (keycloak#52691)', () => {
    const self = mayActNaming({ may_act: { client_id: 'sw', sub: '(age!sw)' } }, 'sw')!;
    expect(() => authoriseByMayAct(self, { subject: token('sw', { act: { sub: 'other' } }) })).toThrow(refusal);
  });
});
