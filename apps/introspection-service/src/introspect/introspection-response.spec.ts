import type { TokenClaims } from '@mandate/contracts';
import { toIntrospection } from './introspection-response';

const ISS = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';
const USER = '2199ef22-7927-4ecf-8345-ee58df8f6328';
const NOW_MS = 1_775_738_297_400;

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    sub: USER,
    subname: USER,
    iss: ISS,
    tokenName: 'access_token',
    token_type: 'Bearer',
    authGrantId: 'zCUFAdfohd5ul06NsTienRQrCrk',
    auditTrackingId: 'c1665344-1da9-4804-b95a-de0a4013d026-550633',
    client_id: 'digital-assistant-web-app',
    aud: 'digital-assistant-web-app',
    nbf: 1_775_738_240,
    grant_type: 'password',
    scope: ['openid'],
    realm: '/alpha',
    exp: 1_775_741_840,
    iat: 1_775_738_240,
    expires_in: 3600,
    jti: 'Ygd5asQcPJho3ATs8Fl9-8Q25lk',
    auth_level: 0,
    ...overrides,
  };
}

describe('the introspection response (am-spec §7.3)', () => {
  it('answers a user token in AM’s exact shape and key order (seed 003)', () => {
    const response = toIntrospection(claims(), NOW_MS);
    expect(response).toEqual({
      active: true,
      scope: 'openid',
      realm: '/alpha',
      client_id: 'digital-assistant-web-app',
      user_id: USER,
      username: USER,
      token_type: 'Bearer',
      exp: 1_775_741_840,
      sub: USER,
      iss: ISS,
      subname: USER,
      auth_level: 0,
      authGrantId: 'zCUFAdfohd5ul06NsTienRQrCrk',
      auditTrackingId: 'c1665344-1da9-4804-b95a-de0a4013d026-550633',
      expires_in: 3542,
    });
    expect(Object.keys(response)).toEqual([
      'active',
      'scope',
      'realm',
      'client_id',
      'user_id',
      'username',
      'token_type',
      'exp',
      'sub',
      'iss',
      'subname',
      'auth_level',
      'authGrantId',
      'auditTrackingId',
      'expires_in',
    ]);
  });

  it('joins scopes with spaces and leaves out aud, nbf, iat, jti, grant_type, tokenName and cts', () => {
    const response = toIntrospection(claims({ scope: ['openid', 'read-data'], aud: ['a', 'b'], cts: 'OAUTH2_STATELESS_GRANT', auth_time: 1 }), NOW_MS);
    expect(response.scope).toBe('openid read-data');
    for (const key of ['aud', 'nbf', 'iat', 'jti', 'grant_type', 'tokenName', 'cts', 'auth_time']) expect(response).not.toHaveProperty(key);
  });

  it('shows aud for a token bound to RFC 8707 resources, before auditTrackingId', () => {
    const response = toIntrospection(claims({ aud: 'https://mcp.example.com/mcp', resource: ['https://mcp.example.com/mcp'] }), NOW_MS);
    expect(response.aud).toBe('https://mcp.example.com/mcp');
    expect(Object.keys(response).slice(-3)).toEqual(['aud', 'auditTrackingId', 'expires_in']);
  });

  it('carries act and may_act between authGrantId and auditTrackingId, and no auth_level for a client token', () => {
    const response = toIntrospection(
      claims({
        sub: 'data-agent',
        subname: 'data-agent',
        client_id: 'data-agent',
        auth_level: undefined,
        act: { sub: 'digital-assistant-ai-agent' },
        may_act: { client_id: 'risk-agent', sub: '(age!risk-agent)' },
      }),
      NOW_MS,
    );
    expect(Object.keys(response)).toEqual([
      'active',
      'scope',
      'realm',
      'client_id',
      'user_id',
      'username',
      'token_type',
      'exp',
      'sub',
      'iss',
      'subname',
      'authGrantId',
      'act',
      'may_act',
      'auditTrackingId',
      'expires_in',
    ]);
    expect(response.act).toEqual({ sub: 'digital-assistant-ai-agent' });
    expect(response.may_act).toEqual({ client_id: 'risk-agent', sub: '(age!risk-agent)' });
  });

  it('names a refresh token’s type refresh_token', () => {
    expect(toIntrospection(claims({ tokenName: 'refresh_token' }), NOW_MS).token_type).toBe('refresh_token');
  });

  it('recomputes expires_in as whole seconds left, never below zero', () => {
    const exp = 1_775_741_840;
    // issued this very second: lifetime − 1, whatever the milliseconds (am-spec §4.3)
    expect(toIntrospection(claims({ exp }), (exp - 3600) * 1000).expires_in).toBe(3599);
    expect(toIntrospection(claims({ exp }), (exp - 3600) * 1000 + 999).expires_in).toBe(3599);
    expect(toIntrospection(claims({ exp }), (exp + 5) * 1000).expires_in).toBe(0);
  });
});
