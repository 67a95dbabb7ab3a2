import type { IncomingMessage } from 'node:http';
import { type RealmAwareRequest, basePath, realmRewriter } from './realm-rewrite';

function rewrite(url: string) {
  const req = { url } as RealmAwareRequest;
  const to = realmRewriter('/am')(req as IncomingMessage);
  return { to, realm: req.mandateRealm };
}

describe('realmRewriter', () => {
  it('moves the realm out of the path and keeps the query string', () => {
    expect(rewrite('/am/oauth2/realms/root/realms/alpha/authorize?client_id=x&scope=a%20b')).toEqual({
      to: '/am/oauth2/authorize?client_id=x&scope=a%20b',
      realm: '/alpha',
    });
  });

  it('marks a malformed realm path so that it answers 404', () => {
    expect(rewrite('/am/oauth2/realms/alpha/access_token')).toEqual({ to: '/am/oauth2/realms/alpha/access_token', realm: null });
  });

  it('maps RFC 8414 §3.1 path-inserted discovery at the origin onto the issuer path', () => {
    expect(rewrite('/.well-known/oauth-authorization-server/am/oauth2/realms/root/realms/alpha')).toEqual({
      to: '/am/oauth2/.well-known/oauth-authorization-server',
      realm: '/alpha',
    });
    expect(rewrite('/.well-known/openid-configuration/am/oauth2/realms/root')).toEqual({
      to: '/am/oauth2/.well-known/openid-configuration',
      realm: '/',
    });
  });

  it('leaves a path-inserted well-known URL alone when it names no issuer', () => {
    expect(rewrite('/.well-known/oauth-authorization-server/am/oauth2/realms/root/access_token')).toEqual({
      to: '/.well-known/oauth-authorization-server/am/oauth2/realms/root/access_token',
      realm: '/',
    });
    expect(rewrite('/.well-known/security.txt/am/oauth2/realms/root')).toEqual({ to: '/.well-known/security.txt/am/oauth2/realms/root', realm: '/' });
  });

  it('leaves health probes alone', () => {
    expect(rewrite('/health/ready')).toEqual({ to: '/health/ready', realm: '/' });
  });
});

describe('basePath', () => {
  it('takes the path of AM_BASE_URL', () => {
    expect(basePath('https://id.example.com:8443/am')).toBe('/am');
    expect(basePath('http://localhost:8080/mandate/am/')).toBe('/mandate/am');
  });
});
