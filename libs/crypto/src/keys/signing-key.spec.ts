import { PRIVATE_JWK_MEMBERS, generateSigningKey, jwkThumbprint, toPublicJwk } from './signing-key';

describe('generateSigningKey', () => {
  it('makes an RSA 2048 key pair for RS256 whose kid is its RFC 7638 thumbprint', async () => {
    const key = await generateSigningKey('RS256');
    expect(key.alg).toBe('RS256');
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', e: 'AQAB', kid: key.kid, use: 'sig', alg: 'RS256' });
    expect(Buffer.from(key.publicJwk.n!, 'base64url')).toHaveLength(256);
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await jwkThumbprint(key.publicJwk)).toBe(key.kid);
    expect(key.createdAt).toBeInstanceOf(Date);
  });

  it('makes a P-256 key pair for ES256', async () => {
    const key = await generateSigningKey('ES256');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, use: 'sig', alg: 'ES256' });
    expect(key.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid });
    expect(key.privateJwk.d).toEqual(expect.any(String));
    expect(await jwkThumbprint(key.privateJwk)).toBe(key.kid);
  });

  it('keeps the kid stable: the thumbprint ignores kid, use, alg and member order', async () => {
    const key = await generateSigningKey('RS256');
    const { kty, n, e } = key.publicJwk;
    expect(await jwkThumbprint({ e, n, kty })).toBe(key.kid);
    expect(await jwkThumbprint({ n, kty, e, kid: 'other', use: 'enc', alg: 'PS256' })).toBe(key.kid);
    expect(await jwkThumbprint(key.privateJwk)).toBe(key.kid);
  });

  it('gives every new key a new kid', async () => {
    const [a, b] = await Promise.all([generateSigningKey('ES256'), generateSigningKey('ES256')]);
    expect(a.kid).not.toBe(b.kid);
  });

  it('keeps private members out of the public JWK', async () => {
    const key = await generateSigningKey('RS256');
    for (const member of PRIVATE_JWK_MEMBERS) expect(key.publicJwk).not.toHaveProperty(member);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key.privateJwk).toHaveProperty(member);
  });

  it('refuses an algorithm it does not support', async () => {
    await expect(generateSigningKey('HS256' as never)).rejects.toThrow('unsupported signing algorithm HS256');
  });
});

describe('toPublicJwk', () => {
  it('drops every private and symmetric member and keeps the rest', () => {
    expect(toPublicJwk({ kty: 'RSA', n: 'n', e: 'e', d: 'd', p: 'p', q: 'q', dp: 'dp', dq: 'dq', qi: 'qi', kid: 'k1' })).toEqual({
      kty: 'RSA',
      n: 'n',
      e: 'e',
      kid: 'k1',
    });
    expect(toPublicJwk({ kty: 'oct', k: 'secret' })).toEqual({ kty: 'oct' });
  });
});
