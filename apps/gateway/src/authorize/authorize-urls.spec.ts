import { AuthorizeUrls } from './authorize-urls';

describe('AuthorizeUrls', () => {
  it('returns from the login page to the same authorize request, every resource kept and the consent answer left out', () => {
    const url = new AuthorizeUrls('/am').loginReturningTo('/alpha', { client_id: 'c', state: 's', csrf: 'x', decision: 'allow' }, ['https://mcp.example.com/mcp', 'https://other.example.com/api']);
    const login = new URL(url, 'http://localhost');
    expect(login.pathname).toBe('/am/oauth2/realms/root/realms/alpha/login');
    const goto = new URL(login.searchParams.get('goto')!, 'http://localhost');
    expect(goto.pathname).toBe('/am/oauth2/realms/root/realms/alpha/authorize');
    expect([...goto.searchParams]).toEqual([
      ['client_id', 'c'],
      ['state', 's'],
      ['resource', 'https://mcp.example.com/mcp'],
      ['resource', 'https://other.example.com/api'],
    ]);
  });
});
