import type { ApplicationPolicyView, ClientView, ProviderSettings } from '@mandate/contracts';
import type { GrantContext } from '../grants/grant-handler';
import { exchangeScopes } from './exchange-scope.step';

const context = (scope: string | undefined, clientScopes: string[], defaults: string[] = []): GrantContext => ({
  realm: '/alpha',
  client: { clientId: 'agent', scopes: clientScopes, defaultScopes: defaults } as ClientView,
  provider: { advancedOAuth2Config: { defaultScopes: [] } } as unknown as ProviderSettings,
  params: scope === undefined ? {} : { scope },
  lists: {},
});
const policy = (effectivePermissions: string[]): ApplicationPolicyView => ({ agentId: 'agent', applicationId: 'app', subjects: [], subjectGroups: [], permissions: [], effectivePermissions });

describe('exchangeScopes', () => {
  it('derives the may_act path’s scope from the acting client, so it may widen (seed 000)', () => {
    expect(exchangeScopes(context('read write delete', ['read', 'write', 'delete']))).toEqual(['read', 'write', 'delete']);
  });

  it('refuses a scope the acting client does not have with invalid_scope', () => {
    expect(() => exchangeScopes(context('admin', ['read']))).toThrow(expect.objectContaining({ code: 'invalid_scope', description: 'Unknown/invalid scope(s): [admin]' }));
  });

  it('bounds the policy path by the policy’s permissions, not the agent’s own scopes (seed 004)', () => {
    expect(exchangeScopes(context('logs-read logs-search', ['monitor-system']), [policy(['logs-read', 'logs-search'])])).toEqual(['logs-read', 'logs-search']);
    expect(() => exchangeScopes(context('monitor-system', ['monitor-system']), [policy(['logs-read'])])).toThrow(expect.objectContaining({ code: 'invalid_scope' }));
  });

  it('needs a scope every selected policy permits', () => {
    expect(() => exchangeScopes(context('a b', []), [policy(['a', 'b']), policy(['a'])])).toThrow(expect.objectContaining({ code: 'invalid_scope', description: 'Unknown/invalid scope(s): [b]' }));
  });
});
