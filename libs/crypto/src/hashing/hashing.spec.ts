import { createHash } from 'node:crypto';
import { randomToken, sha256Base64url, timingSafeEqualString } from './hashing';
import { verifyCodeVerifier } from './pkce';

describe('sha256Base64url', () => {
  it('matches the RFC 7636 appendix B S256 example', () => {
    expect(sha256Base64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('hashes bytes and strings alike, without padding', () => {
    expect(sha256Base64url(Buffer.from('abc'))).toBe(sha256Base64url('abc'));
    expect(sha256Base64url('abc')).toBe(createHash('sha256').update('abc').digest('base64url'));
    expect(sha256Base64url('abc')).not.toContain('=');
  });
});

describe('randomToken', () => {
  it('gives 32 random bytes as 43 base64url characters by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    expect(new Set(Array.from({ length: 1000 }, () => randomToken())).size).toBe(1000);
  });

  it('serves fresh bytes across its block refills, never the zeroed ones', () => {
    const zero = Buffer.alloc(20).toString('base64url');
    const tokens = Array.from({ length: 1000 }, () => randomToken(20)); // 20 000 bytes: several 4 KiB blocks
    expect(tokens).not.toContain(zero);
    expect(new Set(tokens).size).toBe(1000);
    // Every byte value shows up: the output is not stuck on a pattern.
    expect(new Set(Buffer.concat(tokens.map((t) => Buffer.from(t, 'base64url')))).size).toBe(256);
  });

  it('gives more bytes than a block holds', () => {
    expect(Buffer.from(randomToken(5000), 'base64url')).toHaveLength(5000);
  });

  it('honours the byte count and refuses fewer than 16 bytes', () => {
    expect(Buffer.from(randomToken(20), 'base64url')).toHaveLength(20);
    expect(() => randomToken(8)).toThrow(RangeError);
  });
});

describe('timingSafeEqualString', () => {
  it('is true only for equal strings', () => {
    expect(timingSafeEqualString('s3cret', 's3cret')).toBe(true);
    expect(timingSafeEqualString('s3cret', 's3creT')).toBe(false);
    expect(timingSafeEqualString('', '')).toBe(true);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(timingSafeEqualString('short', 'a much longer value')).toBe(false);
    expect(timingSafeEqualString('abc', 'abc\0')).toBe(false);
  });

  it('compares non-ASCII text by its UTF-8 bytes', () => {
    expect(timingSafeEqualString('é', 'é')).toBe(true);
    expect(timingSafeEqualString('é', 'e\u0301')).toBe(false);
  });
});

describe('PKCE (RFC 7636)', () => {
  // RFC 7636 appendix B test vector.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('accepts the RFC’s S256 example and refuses another verifier', () => {
    expect(verifyCodeVerifier(verifier, challenge, 'S256')).toBe(true);
    expect(verifyCodeVerifier(`${verifier}x`, challenge, 'S256')).toBe(false);
  });

  it('compares plain challenges as they are', () => {
    expect(verifyCodeVerifier(verifier, verifier, 'plain')).toBe(true);
    expect(verifyCodeVerifier(verifier, challenge, 'plain')).toBe(false);
  });
});
