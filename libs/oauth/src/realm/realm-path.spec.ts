import { realmUrlSegment, splitRealmFromPath } from './realm-path';

describe('splitRealmFromPath', () => {
  it('extracts a sub-realm and strips its segments', () => {
    expect(splitRealmFromPath('/am/oauth2/realms/root/realms/alpha/.well-known/openid-configuration', '/am')).toEqual({
      realm: '/alpha',
      path: '/am/oauth2/.well-known/openid-configuration',
    });
  });

  it('reads nested realms', () => {
    expect(splitRealmFromPath('/am/json/realms/root/realms/a/realms/b/users', '/am')).toEqual({
      realm: '/a/b',
      path: '/am/json/users',
    });
  });

  it('treats /realms/root and an omitted realm as the root realm', () => {
    expect(splitRealmFromPath('/am/json/realms/root/authenticate', '/am')).toEqual({ realm: '/', path: '/am/json/authenticate' });
    expect(splitRealmFromPath('/am/oauth2/access_token', '/am')).toEqual({ realm: '/', path: '/am/oauth2/access_token' });
  });

  it('refuses a realm path that does not start at root', () => {
    expect(splitRealmFromPath('/am/oauth2/realms/alpha/access_token', '/am')).toBeUndefined();
  });

  it('refuses realm names with characters AM does not allow', () => {
    expect(splitRealmFromPath('/am/oauth2/realms/root/realms/a%20b/access_token', '/am')).toBeUndefined();
  });

  it('leaves other paths alone', () => {
    expect(splitRealmFromPath('/health/ready', '/am')).toEqual({ realm: '/', path: '/health/ready' });
  });
});

describe('realmUrlSegment', () => {
  it('builds the AM realm prefix', () => {
    expect(realmUrlSegment('/')).toBe('/realms/root');
    expect(realmUrlSegment('/alpha')).toBe('/realms/root/realms/alpha');
    expect(realmUrlSegment('/a/b')).toBe('/realms/root/realms/a/realms/b');
  });
});
