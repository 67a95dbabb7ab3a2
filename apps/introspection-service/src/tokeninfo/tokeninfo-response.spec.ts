import type { TokenClaims } from '@mandate/contracts';
import { toTokenInfo } from './tokeninfo-response';

const ISS = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';

/** A client-side token's claims in token-service's order (apps/token-service/src/issuance/token-claims.ts). */
function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    sub: 'bot-traffic-analyzer',
    subname: 'bot-traffic-analyzer',
    iss: ISS,
    tokenName: 'access_token',
    token_type: 'Bearer',
    authGrantId: 'C3ca_i8hU6xxxxxxxxODXFTX-cEc',
    auditTrackingId: 'a910ad63-6b82-48d9-935c-52e962266243-276314',
    client_id: 'bot-traffic-analyzer',
    aud: ['bot-traffic-analyzer', 'access-log-api'],
    nbf: 1_778_767_385,
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    scope: ['logs-search', 'logs-read'],
    realm: '/alpha',
    exp: 1_778_770_985,
    iat: 1_778_767_385,
    expires_in: 3600,
    jti: 'Ygd5asQcPJho3ATs8Fl9-8Q25lk',
    cts: 'OAUTH2_STATELESS_GRANT',
    act: { sub: 'bot-traffic-analyzer' },
    ...overrides,
  };
}

describe('the tokeninfo response (am-spec §8, seed 004)', () => {
  it('prints the claims in AM’s order with the token echoed after client_id and each scope as a key', () => {
    const info = toTokenInfo(claims(), 'eyJ0eXAiOi.x.y', 1_778_767_400_500);
    expect(Object.keys(info)).toEqual([
      'sub',
      'cts',
      'auditTrackingId',
      'subname',
      'iss',
      'tokenName',
      'token_type',
      'authGrantId',
      'client_id',
      'access_token',
      'aud',
      'nbf',
      'act',
      'grant_type',
      'scope',
      'realm',
      'exp',
      'iat',
      'expires_in',
      'jti',
      'logs-search',
      'logs-read',
    ]);
    expect(info).toEqual({
      ...claims(),
      access_token: 'eyJ0eXAiOi.x.y',
      expires_in: 3584,
      'logs-search': '',
      'logs-read': '',
    });
  });

  it('keeps scope an array and aud as issued (a string when there is one audience)', () => {
    const info = toTokenInfo(claims({ aud: 'bot-traffic-analyzer', scope: ['monitor-system'] }), 'opaque', 1_778_767_400_000);
    expect(info.aud).toBe('bot-traffic-analyzer');
    expect(info.scope).toEqual(['monitor-system']);
    expect(info['monitor-system']).toBe('');
  });

  it('does not let a scope named like a claim overwrite the claim', () => {
    const info = toTokenInfo(claims({ scope: ['sub', 'read'] }), 'opaque', 1_778_767_400_000);
    expect(info.sub).toBe('bot-traffic-analyzer');
    expect(info.read).toBe('');
  });

  it('keeps claims it does not know, after the known ones', () => {
    const info = toTokenInfo(claims({ cnf: { jkt: 'abc' } }), 'opaque', 1_778_767_400_000);
    expect(Object.keys(info).indexOf('cnf')).toBe(Object.keys(info).indexOf('jti') + 1);
  });
});
