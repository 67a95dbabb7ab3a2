import { safeGoto } from './login-goto';

describe('login goto', () => {
  it('accepts a path of this deployment under /oauth2/, normalised', () => {
    expect(safeGoto('/am/oauth2/realms/root/realms/alpha/authorize?client_id=hr-client&scope=read', '/am')).toBe(
      '/am/oauth2/realms/root/realms/alpha/authorize?client_id=hr-client&scope=read',
    );
    expect(safeGoto('/am/oauth2/a/../authorize', '/am')).toBe('/am/oauth2/authorize');
  });

  it('refuses anything that could leave this deployment or its OAuth2 area', () => {
    for (const goto of [
      'https://evil.example/am/oauth2/authorize',
      '//evil.example/am/oauth2/authorize',
      '/\\evil.example/am/oauth2/',
      '\\\\evil.example',
      '/am/json/realms/root/users',
      '/am/oauth2/../json/x',
      '/am/oauth2',
      '/amx/oauth2/authorize',
      'javascript:alert(1)',
      '',
      undefined,
    ]) {
      expect(safeGoto(goto, '/am')).toBeUndefined();
    }
  });
});
