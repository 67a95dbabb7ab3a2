import { CHALLENGE, aClient, aProvider } from '../test/fixtures';
import { checkPkce } from './pkce.step';

const invalid = (description: string) => expect.objectContaining({ status: 400, code: 'invalid_request', description });

describe('PKCE step (RFC 7636)', () => {
  it('binds an S256 challenge', () => {
    expect(checkPkce(aClient(), aProvider(), CHALLENGE, 'S256')).toEqual({ challenge: CHALLENGE, method: 'S256' });
  });

  it('lets a confidential client go without PKCE unless the provider enforces it', () => {
    expect(checkPkce(aClient(), aProvider(), undefined, undefined)).toBeNull();
    expect(() => checkPkce(aClient(), aProvider({ advanced: { codeVerifierEnforced: 'true' } }), undefined, undefined)).toThrow(
      invalid('PKCE is required: send code_challenge with code_challenge_method=S256'),
    );
    expect(checkPkce(aClient(), aProvider({ advanced: { codeVerifierEnforced: 'passwordless_grant_only' } }), undefined, undefined)).toBeNull();
  });

  it('requires PKCE of a public client', () => {
    expect(() => checkPkce(aClient({ clientType: 'Public' }), aProvider(), undefined, undefined)).toThrow(
      invalid('PKCE is required for public clients: send code_challenge with code_challenge_method=S256'),
    );
  });

  it('refuses plain (also when the method is left out, RFC 7636 §4.3) unless the provider enables it', () => {
    expect(() => checkPkce(aClient(), aProvider(), CHALLENGE, 'plain')).toThrow(invalid('code_challenge_method plain is not allowed: use S256'));
    expect(() => checkPkce(aClient(), aProvider(), CHALLENGE, undefined)).toThrow(invalid('code_challenge_method plain is not allowed: use S256'));
    expect(checkPkce(aClient(), aProvider({ advanced: { plainPkceEnabled: true } }), CHALLENGE, undefined)).toEqual({ challenge: CHALLENGE, method: 'plain' });
  });

  it('refuses a malformed challenge, an unknown method, and a method without a challenge', () => {
    expect(() => checkPkce(aClient(), aProvider(), 'too-short', 'S256')).toThrow(invalid('Invalid code_challenge: 43 to 128 characters of A-Z a-z 0-9 - . _ ~'));
    expect(() => checkPkce(aClient(), aProvider(), `${CHALLENGE}+`, 'S256')).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => checkPkce(aClient(), aProvider(), CHALLENGE, 'S512')).toThrow(invalid('Unsupported code_challenge_method: use S256'));
    expect(() => checkPkce(aClient(), aProvider(), undefined, 'S256')).toThrow(invalid('code_challenge_method was sent without code_challenge'));
  });
});
