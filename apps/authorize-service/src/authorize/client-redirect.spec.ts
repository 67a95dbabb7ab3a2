import { clientRedirect } from './client-redirect';

describe('client redirect', () => {
  it('adds the parameters in order, URL-encoded, leaving out undefined ones', () => {
    expect(clientRedirect('https://www.example.com:443/callback', { code: 'abc', state: undefined, iss: 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha' })).toBe(
      'https://www.example.com:443/callback?code=abc&iss=https%3A%2F%2Fam.example.com%3A8443%2Fam%2Foauth2%2Frealms%2Froot%2Frealms%2Falpha',
    );
  });

  it('keeps an existing query as registered and drops a fragment', () => {
    expect(clientRedirect('https://app.example/cb?tenant=a%20b&x', { code: 'c', state: 'x y&z' })).toBe('https://app.example/cb?tenant=a%20b&x&code=c&state=x+y%26z');
    expect(clientRedirect('https://app.example/cb?', { code: 'c' })).toBe('https://app.example/cb?code=c');
    expect(clientRedirect('https://app.example/cb#frag', { code: 'c' })).toBe('https://app.example/cb?code=c');
  });
});
