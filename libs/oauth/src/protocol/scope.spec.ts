import { InvalidScopeError } from '../errors/oauth-error';
import { narrowScopes, parseScope, resolveScopes } from './scope';

const rules = { allowed: ['read', 'write', 'delete'], clientDefaults: [] as string[], providerDefaults: [] as string[] };

describe('scope rules (am-spec §4.2)', () => {
  it('splits a scope parameter on spaces and drops duplicates', () => {
    expect(parseScope('read  write read')).toEqual(['read', 'write']);
    expect(parseScope(undefined)).toBeUndefined();
  });

  it('grants exactly the validated request', () => {
    expect(resolveScopes(['read'], rules)).toEqual(['read']);
  });

  it('names every scope outside the client’s allowed scopes', () => {
    expect(() => resolveScopes(['read', 'admin', 'root'], rules)).toThrow(new InvalidScopeError('Unknown/invalid scope(s): [admin, root]'));
  });

  it('falls back to the client’s defaults, then the provider’s', () => {
    expect(resolveScopes(undefined, { ...rules, clientDefaults: ['write'], providerDefaults: ['read'] })).toEqual(['write']);
    expect(resolveScopes([], { ...rules, providerDefaults: ['read'] })).toEqual(['read']);
  });

  it('refuses an empty result', () => {
    expect(() => resolveScopes(undefined, rules)).toThrow('No scope requested and no default scope configured');
  });

  it('lets a refresh narrow but never widen', () => {
    expect(narrowScopes(['read'], ['read', 'write'])).toEqual(['read']);
    expect(narrowScopes(undefined, ['read', 'write'])).toEqual(['read', 'write']);
    expect(() => narrowScopes(['delete'], ['read'])).toThrow(InvalidScopeError);
  });
});
