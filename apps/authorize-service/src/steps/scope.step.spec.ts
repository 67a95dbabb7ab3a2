import { aClient, aProvider } from '../test/fixtures';
import { checkScope } from './scope.step';

describe('scope step (am-spec §4.2)', () => {
  it('grants exactly the requested scopes the client is allowed', () => {
    expect(checkScope(aClient(), aProvider(), 'read write')).toEqual(['read', 'write']);
  });

  it('names the scopes outside the client’s allowed ones', () => {
    expect(() => checkScope(aClient(), aProvider(), 'read admin')).toThrow(expect.objectContaining({ code: 'invalid_scope', description: 'Unknown/invalid scope(s): [admin]' }));
  });

  it('falls back to the client’s default scopes, then the provider’s', () => {
    expect(checkScope(aClient({ defaultScopes: ['write'] }), aProvider({ advanced: { defaultScopes: ['read'] } }), undefined)).toEqual(['write']);
    expect(checkScope(aClient(), aProvider({ advanced: { defaultScopes: ['read'] } }), undefined)).toEqual(['read']);
  });

  it('refuses when nothing is requested and nothing is a default', () => {
    expect(() => checkScope(aClient(), aProvider(), undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_scope', description: 'No scope requested and no default scope configured' }),
    );
  });
});
