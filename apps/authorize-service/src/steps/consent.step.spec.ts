import { aClient, aProvider } from '../test/fixtures';
import { AuthorizeRefusal } from './authorize-refusal';
import { type ConsentInput, decideConsent } from './consent.step';

const TOKEN = 'sso-token-of-bjensen';
const input = (overrides: Partial<ConsentInput> = {}): ConsentInput => ({
  client: aClient(),
  provider: aProvider(),
  decision: undefined,
  csrf: undefined,
  prompt: undefined,
  ssoToken: TOKEN,
  browser: true,
  ...overrides,
});
const implied = aClient({ isConsentImplied: true });
const skipping = aProvider({ consent: { clientsCanSkipConsent: true } });

function refusalOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorizeRefusal);
    return (error as AuthorizeRefusal).error;
  }
  throw new Error('expected a refusal');
}

describe('consent step (am-spec §3.3)', () => {
  it('grants decision=allow with csrf equal to the session token', () => {
    expect(decideConsent(input({ decision: 'allow', csrf: TOKEN }))).toBe('granted');
  });

  it('denies any other decision', () => {
    for (const decision of ['deny', 'Allow', 'yes']) expect(decideConsent(input({ decision, csrf: TOKEN }))).toBe('denied');
  });

  it('refuses a decision whose csrf is missing or another value, without redirecting', () => {
    for (const csrf of [undefined, 'other-token', `${TOKEN}x`]) {
      expect(refusalOf(() => decideConsent(input({ decision: 'allow', csrf })))).toMatchObject({ status: 400, code: 'invalid_request', description: 'Invalid CSRF token' });
    }
  });

  it('implies consent only when the client says so and the provider lets clients skip consent', () => {
    expect(decideConsent(input({ client: implied, provider: skipping }))).toBe('granted');
    expect(decideConsent(input({ client: implied }))).toBe('ask');
    expect(decideConsent(input({ provider: skipping }))).toBe('ask');
  });

  it('reads the client’s own clientsCanSkipConsent when its overrides are enabled', () => {
    const overriding = (skip: boolean) => aClient({ isConsentImplied: true, providerOverridesEnabled: true, config: { overrideOAuth2ClientConfig: { clientsCanSkipConsent: skip } } });
    expect(decideConsent(input({ client: overriding(true) }))).toBe('granted');
    expect(decideConsent(input({ client: overriding(false), provider: skipping }))).toBe('ask');
    const ignored = aClient({ isConsentImplied: true, providerOverridesEnabled: false, config: { overrideOAuth2ClientConfig: { clientsCanSkipConsent: true } } });
    expect(decideConsent(input({ client: ignored }))).toBe('ask');
  });

  it('asks again under prompt=consent even when consent is implied', () => {
    expect(decideConsent(input({ client: implied, provider: skipping, prompt: 'login consent' }))).toBe('ask');
  });

  it('answers consent_required without a page to a non-browser, and by redirect under prompt=none', () => {
    expect(refusalOf(() => decideConsent(input({ browser: false })))).toMatchObject({ status: 400, code: 'consent_required' });
    expect(() => decideConsent(input({ prompt: 'none' }))).toThrow(expect.objectContaining({ code: 'consent_required' }));
    expect(() => decideConsent(input({ prompt: 'none' }))).not.toThrow(AuthorizeRefusal);
  });
});
