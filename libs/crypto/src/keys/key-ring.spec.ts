import { decodeJwt, decodeProtectedHeader } from 'jose';
import { JwtVerificationError } from './jwt-verification.error';
import { KeyRing } from './key-ring';
import { type SigningAlgorithm, type SigningKey, generateSigningKey } from './signing-key';

const ISSUER = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';
const NOW_S = 1_778_083_245;

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function claims(overrides: Record<string, unknown> = {}) {
  return { iss: ISSUER, sub: 'demo', aud: 'resource-server', iat: NOW_S, nbf: NOW_S, exp: NOW_S + 3600, ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<JwtVerificationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(JwtVerificationError);
    return error as JwtVerificationError;
  }
  throw new Error('expected a rejection');
}

const keys: Record<SigningAlgorithm, SigningKey> = {} as never;
let clockMs = NOW_S * 1000 + 10_000;
const now = () => clockMs;

beforeAll(async () => {
  keys.RS256 = await generateSigningKey('RS256');
  keys.ES256 = await generateSigningKey('ES256');
});

beforeEach(() => {
  clockMs = NOW_S * 1000 + 10_000;
});

describe.each(['RS256', 'ES256'] as const)('KeyRing with an %s key', (alg) => {
  it('signs a JWT that it verifies again, with alg, kid and typ in the header', async () => {
    const ring = new KeyRing({ active: keys[alg], now });
    const jwt = await ring.sign(claims({ scope: ['read-data'] }));
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'JWT', alg, kid: keys[alg].kid });
    const { payload, protectedHeader } = await ring.verify(jwt, { issuer: ISSUER, audience: 'resource-server' });
    expect(payload).toEqual(claims({ scope: ['read-data'] }));
    expect(protectedHeader.kid).toBe(keys[alg].kid);
  });

  it('rejects a token whose signature was tampered with', async () => {
    const ring = new KeyRing({ active: keys[alg], now });
    const [header, payload, signature] = (await ring.sign(claims())).split('.');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] ^= 0x01;
    expect((await rejection(ring.verify(`${header}.${payload}.${flipped.toString('base64url')}`, { issuer: ISSUER }))).reason).toBe('bad_signature');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const ring = new KeyRing({ active: keys[alg], now });
    const [header, , signature] = (await ring.sign(claims())).split('.');
    const forged = `${header}.${b64url(claims({ sub: 'amadmin' }))}.${signature}`;
    expect((await rejection(ring.verify(forged, { issuer: ISSUER }))).reason).toBe('bad_signature');
  });
});

describe('KeyRing.sign', () => {
  it('sets typ as asked, keeps extra header members, and never lets them replace alg or kid', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    const jwt = await ring.sign(claims(), { typ: 'at+jwt', alg: 'none', kid: 'forged', cty: 'x' });
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'at+jwt', cty: 'x', alg: 'RS256', kid: keys.RS256.kid });
    expect(decodeJwt(jwt)).toEqual(claims());
  });

  it('starts an RS256 token with AM’s eyJ0eXAiOi prefix (typ first)', async () => {
    const jwt = await new KeyRing({ active: keys.RS256, now }).sign(claims());
    expect(jwt.startsWith('eyJ0eXAiOi')).toBe(true);
  });
});

describe('KeyRing.verify', () => {
  it('rejects alg none', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    const unsigned = `${b64url({ alg: 'none', kid: keys.RS256.kid })}.${b64url(claims())}.`;
    expect((await rejection(ring.verify(unsigned, { issuer: ISSUER }))).reason).toMatch(/^(alg_not_allowed|malformed)$/);
  });

  it('rejects an HS256 token made with the public key as the HMAC secret (algorithm confusion)', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    const { createHmac } = await import('node:crypto');
    const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid: keys.RS256.kid })}.${b64url(claims())}`;
    const mac = createHmac('sha256', JSON.stringify(keys.RS256.publicJwk)).update(input).digest('base64url');
    expect((await rejection(ring.verify(`${input}.${mac}`, { issuer: ISSUER }))).reason).toBe('alg_not_allowed');
  });

  it('rejects a token whose header names another algorithm than its key', async () => {
    const ring = new KeyRing({ active: keys.RS256, previous: [keys.ES256], now });
    const esToken = await new KeyRing({ active: keys.ES256, now }).sign(claims());
    const [, payload, signature] = esToken.split('.');
    const relabelled = `${b64url({ typ: 'JWT', alg: 'RS256', kid: keys.ES256.kid })}.${payload}.${signature}`;
    expect((await rejection(ring.verify(relabelled, { issuer: ISSUER }))).reason).toBe('alg_not_allowed');
  });

  it('rejects a token signed by a key the ring does not hold (unknown kid)', async () => {
    const other = await generateSigningKey('RS256');
    const jwt = await new KeyRing({ active: other, now }).sign(claims());
    const error = await rejection(new KeyRing({ active: keys.RS256, now }).verify(jwt, { issuer: ISSUER }));
    expect(error.reason).toBe('unknown_kid');
    expect(error.message).toContain(other.kid);
  });

  it('rejects a token without a kid', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    const [, payload, signature] = (await ring.sign(claims())).split('.');
    const noKid = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${payload}.${signature}`;
    expect((await rejection(ring.verify(noKid, { issuer: ISSUER }))).reason).toBe('unknown_kid');
  });

  it('rejects an expired token, and accepts it within the clock tolerance', async () => {
    const ring = new KeyRing({ active: keys.ES256, now });
    const jwt = await ring.sign(claims({ exp: NOW_S + 60 }));
    clockMs = (NOW_S + 61) * 1000;
    expect((await rejection(ring.verify(jwt, { issuer: ISSUER }))).reason).toBe('expired');
    await expect(ring.verify(jwt, { issuer: ISSUER, clockToleranceS: 5 })).resolves.toBeDefined();
  });

  it('rejects a token that is not valid yet', async () => {
    const ring = new KeyRing({ active: keys.ES256, now });
    const jwt = await ring.sign(claims({ nbf: NOW_S + 3600 }));
    expect((await rejection(ring.verify(jwt, { issuer: ISSUER }))).reason).toBe('not_yet_valid');
  });

  it('rejects a token from another issuer, for another audience, or of another typ', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    const jwt = await ring.sign(claims());
    expect((await rejection(ring.verify(jwt, { issuer: `${ISSUER}/realms/child` }))).reason).toBe('claim_invalid');
    expect((await rejection(ring.verify(jwt, { issuer: ISSUER, audience: 'someone-else' }))).reason).toBe('claim_invalid');
    expect((await rejection(ring.verify(jwt, { issuer: ISSUER, typ: 'at+jwt' }))).reason).toBe('claim_invalid');
    await expect(ring.verify(jwt, { issuer: ISSUER, audience: ['someone-else', 'resource-server'], typ: 'JWT' })).resolves.toBeDefined();
  });

  it('rejects something that is not a JWT', async () => {
    const ring = new KeyRing({ active: keys.RS256, now });
    expect((await rejection(ring.verify('not-a-jwt', { issuer: ISSUER }))).reason).toBe('malformed');
    expect((await rejection(ring.verify('a.b.c', { issuer: ISSUER }))).reason).toBe('malformed');
  });
});

describe('KeyRing after a rotation', () => {
  it('verifies a token of the previous key until its notAfter, then neither verifies nor publishes it', async () => {
    const oldRing = new KeyRing({ active: keys.RS256, now });
    const oldToken = await oldRing.sign(claims({ exp: NOW_S + 7200 }));
    const next = await generateSigningKey('RS256');
    const notAfter = new Date(clockMs + 60_000);
    const ring = new KeyRing({ active: next, previous: [{ ...keys.RS256, notAfter }], now });

    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([next.kid, keys.RS256.kid]);
    await expect(ring.verify(oldToken, { issuer: ISSUER })).resolves.toMatchObject({ protectedHeader: { kid: keys.RS256.kid } });
    expect(decodeProtectedHeader(await ring.sign(claims())).kid).toBe(next.kid);

    clockMs = notAfter.getTime() + 1;
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
    expect((await rejection(ring.verify(oldToken, { issuer: ISSUER }))).reason).toBe('unknown_kid');
  });
});

describe('KeyRing.jwks', () => {
  it('publishes public keys with kid, use sig and alg, and no private member', async () => {
    const ring = new KeyRing({ active: keys.RS256, previous: [keys.ES256], now });
    const { keys: published } = ring.jwks();
    expect(published).toEqual([
      { kty: 'RSA', n: keys.RS256.publicJwk.n, e: 'AQAB', kid: keys.RS256.kid, use: 'sig', alg: 'RS256' },
      { kty: 'EC', crv: 'P-256', x: keys.ES256.publicJwk.x, y: keys.ES256.publicJwk.y, kid: keys.ES256.kid, use: 'sig', alg: 'ES256' },
    ]);
    for (const jwk of published) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(member);
  });

  it('strips private members even when a previous key was handed over with them', async () => {
    const ring = new KeyRing({ active: keys.ES256, previous: [{ kid: keys.RS256.kid, alg: 'RS256', publicJwk: keys.RS256.privateJwk }], now });
    expect(JSON.stringify(ring.jwks())).not.toMatch(/"(d|p|q|dp|dq|qi)":/);
  });
});
