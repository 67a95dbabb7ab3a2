import type { ProviderSettings } from '@mandate/contracts';
import { OAuthError } from '@mandate/oauth';
import { checkAllowlists, registrationAllowlists, scopeNames } from './registration-allowlists';

const TX = 'urn:ietf:params:oauth:grant-type:token-exchange';
const provider = (supportedScopes: string[], defaultScopes: string[], dynamicClientRegistrationGrantTypes = ['authorization_code', 'refresh_token', 'client_credentials']) =>
  ({ advancedOAuth2Config: { supportedScopes, defaultScopes }, clientDynamicRegistrationConfig: { dynamicClientRegistrationGrantTypes } }) as unknown as ProviderSettings;

function errorOf(run: () => unknown): { status: number; code: string; description: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    const { status, code, description } = error as OAuthError;
    return { status, code, description };
  }
  throw new Error('expected an error');
}

describe('registration allowlists (issue 17)', () => {
  it('reads AM’s scope|description entries', () => {
    expect(scopeNames(['read|Read your data', ' write ', 'openid|', 'read'])).toEqual(['read', 'write', 'openid']);
  });

  it('allows the supported scopes, or only the default scopes when none are listed', () => {
    expect(registrationAllowlists(provider(['read|Read', 'write'], ['read']))).toEqual({ scopes: ['read', 'write'], defaultScopes: ['read'], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] });
    expect(registrationAllowlists(provider([], ['profile']))).toMatchObject({ scopes: ['profile'], defaultScopes: ['profile'] });
    expect(registrationAllowlists(provider([], []))).toMatchObject({ scopes: [], defaultScopes: [] });
  });

  it('refuses every scope when the provider lists neither supported nor default scopes', () => {
    expect(errorOf(() => checkAllowlists(['admin-action', 'am-admin'], ['client_credentials'], registrationAllowlists(provider([], []))))).toEqual({
      status: 400,
      code: 'invalid_client_metadata',
      description: 'scope: not allowed for registration: admin-action am-admin',
    });
  });

  it('refuses scopes the allowlist lacks and grant types the DCR grant allowlist lacks', () => {
    const allowed = registrationAllowlists(provider(['read', 'write'], []));
    expect(() => checkAllowlists(['read'], ['client_credentials', 'refresh_token'], allowed)).not.toThrow();
    expect(errorOf(() => checkAllowlists(['read', 'delete'], ['client_credentials'], allowed))).toEqual({ status: 400, code: 'invalid_client_metadata', description: 'scope: not allowed for registration: delete' });
    expect(errorOf(() => checkAllowlists(['read'], ['client_credentials', 'password', TX], allowed))).toEqual({
      status: 400,
      code: 'invalid_client_metadata',
      description: `grant_types: not allowed for registration: password ${TX}`,
    });
    expect(() => checkAllowlists(['read'], ['client_credentials', TX], registrationAllowlists(provider(['read'], [], ['client_credentials', TX])))).not.toThrow();
  });
});
