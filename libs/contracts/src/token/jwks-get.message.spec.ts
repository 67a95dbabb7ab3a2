import { Subjects } from '../subjects';
import { jwksGetReplySchema, jwksGetRequestSchema } from './jwks-get.message';

const RSA = { kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'k1', use: 'sig', alg: 'RS256' };

describe('token.jwks.get', () => {
  it('is owned by token-service', () => {
    expect(Subjects.token.jwksGet).toBe('token.jwks.get');
  });

  it('asks for a realm by its path', () => {
    expect(jwksGetRequestSchema.parse({ realm: '/alpha' })).toEqual({ realm: '/alpha' });
    expect(jwksGetRequestSchema.safeParse({ realm: 'alpha' }).success).toBe(false);
  });

  it('answers public signing keys with kid, use sig and alg, keeping their key members', () => {
    const ec = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k2', use: 'sig', alg: 'ES256' };
    expect(jwksGetReplySchema.parse({ keys: [RSA, ec] })).toEqual({ keys: [RSA, ec] });
    expect(jwksGetReplySchema.parse({ keys: [] })).toEqual({ keys: [] });
  });

  it.each(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])('refuses a key that carries the private member %s', (member) => {
    expect(jwksGetReplySchema.safeParse({ keys: [{ ...RSA, [member]: 'secret' }] }).success).toBe(false);
  });

  it('refuses a key without kid or for encryption', () => {
    const { kid: _kid, ...noKid } = RSA;
    expect(jwksGetReplySchema.safeParse({ keys: [noKid] }).success).toBe(false);
    expect(jwksGetReplySchema.safeParse({ keys: [{ ...RSA, use: 'enc' }] }).success).toBe(false);
  });
});
