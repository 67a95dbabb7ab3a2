import { randomUUID } from 'node:crypto';
import { InvalidClientError, InvalidGrantError, type Realm, type ReplayStore, type StoredClient } from '@mandate/oauth';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { clientDefaults } from '../clients/client-config.defaults';
import type { ProviderSettingsService } from '../provider/provider-settings.service';
import { ASSERTION_MAX_LIFETIME_SECONDS, verifyClientAssertion } from './client-assertion.validator';
import { ClientAssertions } from './client-assertions.service';
import { ClientKeys } from './client-keys';
import { JwtBearerAssertions } from './jwt-bearer-assertions.service';

const CLIENT = 'agent-1';
const ISSUER = 'https://am.example.com/am/oauth2/realms/root/realms/alpha';
const TOKEN = `${ISSUER}/access_token`;
const NOW = 1_800_000_000;

let key: CryptoKey;
let other: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  ({ privateKey: other } = await generateKeyPair('ES256'));
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
});

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: CLIENT, sub: CLIENT, aud: TOKEN, exp: NOW + 60, iat: NOW, jti: 'j-1', ...overrides };
}

async function sign(payload: Record<string, unknown>, signer: CryptoKey = key, header: Record<string, unknown> = { alg: 'ES256', kid: 'k1' }): Promise<string> {
  const jwt = new SignJWT(payload as never).setProtectedHeader(header as never);
  return jwt.sign(signer);
}

function unsigned(payload: Record<string, unknown>, alg = 'none'): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg })}.${b64(payload)}.`;
}

const keys = () => new ClientKeys({ fetch: () => Promise.reject(new Error('no fetch')) }).resolver({ publicKeyLocation: 'jwks', jwkSet: JSON.stringify({ keys: [jwk] }) }, CLIENT);
const check = (assertion: string) => verifyClientAssertion(assertion, { clientId: CLIENT, audiences: [ISSUER, TOKEN], keys: keys(), now: NOW });
const refusal = async (assertion: string | Promise<string>): Promise<string> => {
  const error = await check(await assertion).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidClientError);
  expect((error as InvalidClientError).status).toBe(401);
  return (error as InvalidClientError).detail ?? '';
};

describe('verifyClientAssertion (RFC 7523 §3)', () => {
  it('accepts an assertion signed by the client’s key, aud the token endpoint or the issuer', async () => {
    await expect(check(await sign(claims()))).resolves.toMatchObject({ jti: 'j-1', exp: NOW + 60 });
    await expect(check(await sign(claims({ aud: [ISSUER, 'https://elsewhere'] })))).resolves.toMatchObject({ jti: 'j-1' });
  });

  it.each([
    ['expired', claims({ exp: NOW - 120 }), /expired/],
    ['expired beyond the skew by a second', claims({ exp: NOW - 61 }), /expired/],
    ['without exp', claims({ exp: undefined }), /exp/],
    ['with exp too far ahead', claims({ exp: NOW + ASSERTION_MAX_LIFETIME_SECONDS + 120 }), /more than/],
    ['not yet valid (nbf)', claims({ nbf: NOW + 120 }), /nbf/],
    ['issued in the future (iat)', claims({ iat: NOW + 120 }), /iat/],
    ['for another audience', claims({ aud: 'https://other.example.com' }), /aud/],
    ['for the introspection endpoint when the token endpoint checks', claims({ aud: `${ISSUER}/introspect` }), /aud/],
    ['without aud', claims({ aud: undefined }), /aud/],
    ['from another issuer', claims({ iss: 'someone-else' }), /iss/],
    ['about another subject', claims({ sub: 'someone-else' }), /sub/],
    ['without jti', claims({ jti: undefined }), /jti/],
  ])('refuses an assertion %s', async (_name, payload, why) => {
    expect(await refusal(sign(payload))).toMatch(why);
  });

  it('tolerates 60 s of skew on exp and nbf', async () => {
    await expect(check(await sign(claims({ exp: NOW - 30, nbf: NOW + 30 })))).resolves.toBeDefined();
  });

  it('refuses a signature by another key, and a kid the client does not have', async () => {
    expect(await refusal(sign(claims(), other))).toMatch(/signature/);
    expect(await refusal(sign(claims(), key, { alg: 'ES256', kid: 'unknown' }))).toMatch(/no key/);
  });

  it('refuses alg none, HS256 and a JWT that is not a JWS', async () => {
    expect(await refusal(unsigned(claims()))).toMatch(/algorithm none/);
    expect(await refusal(unsigned(claims(), 'HS256'))).toMatch(/algorithm HS256/);
    const hs = await new SignJWT(claims() as never).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    expect(await refusal(hs)).toMatch(/algorithm HS256/);
    expect(await refusal('not-a-jwt')).toMatch(/not a JWS/);
  });
});

describe('ClientKeys (jwks_uri)', () => {
  it('caches the fetched set and fetches again on an unknown kid', async () => {
    let served = { keys: [{ ...jwk, kid: 'old' }] };
    const fetch = jest.fn(async () => ({ body: JSON.stringify(served) }));
    let clock = 0;
    const resolver = new ClientKeys({ fetch }, () => clock).resolver({ publicKeyLocation: 'jwks_uri', jwksUri: 'https://agent.example.com/jwks', jwksCacheMissCacheTime: 1000 }, CLIENT);
    const verify = async (kid: string) => verifyClientAssertion(await sign(claims(), key, { alg: 'ES256', kid }), { clientId: CLIENT, audiences: [TOKEN], keys: resolver, now: NOW });
    await expect(verify('old')).resolves.toBeDefined();
    await expect(verify('old')).resolves.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    served = { keys: [{ ...jwk, kid: 'new' }] };
    // Within the miss interval an unknown kid is refused without a fetch; after it, the set is fetched again.
    await expect(verify('new')).rejects.toThrow(InvalidClientError);
    expect(fetch).toHaveBeenCalledTimes(1);
    clock = 2000;
    await expect(verify('new')).resolves.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('answers invalid_client when the set cannot be fetched, and for a client without keys', async () => {
    const resolver = new ClientKeys({ fetch: () => Promise.reject(new Error('connection refused')) }).resolver({ publicKeyLocation: 'jwks_uri', jwksUri: 'https://agent.example.com/jwks' }, CLIENT);
    await expect(verifyClientAssertion(await sign(claims()), { clientId: CLIENT, audiences: [TOKEN], keys: resolver, now: NOW })).rejects.toThrow(InvalidClientError);
    expect(() => new ClientKeys({ fetch: jest.fn() }).resolver({ publicKeyLocation: 'x509' }, CLIENT)).toThrow(InvalidClientError);
  });
});

describe('ClientAssertions (client and replay)', () => {
  const realm = { id: 'r1', path: '/alpha' } as Realm;
  const used = new Set<string>();
  const replay: ReplayStore = { claim: async (scope, jti) => !used.has(`${scope}|${jti}`) && Boolean(used.add(`${scope}|${jti}`)) };
  const client = (method: string, status = 'Active'): StoredClient => {
    const config = clientDefaults('AIAgent');
    config['advancedOAuth2ClientConfig']['tokenEndpointAuthMethod'] = method;
    config['coreOAuth2ClientConfig']['status'] = status;
    config['signEncOAuth2ClientConfig'] = { ...config['signEncOAuth2ClientConfig'], publicKeyLocation: 'jwks', jwkSet: JSON.stringify({ keys: [jwk] }) };
    return { realmId: 'r1', clientId: CLIENT, agentType: 'AIAgent', secretHash: null, config, scriptRefs: [], rev: 1 };
  };
  const service = (stored: StoredClient | undefined) =>
    new ClientAssertions(
      { find: async () => stored } as never,
      replay,
      { effective: async () => ({ coreOAuth2Config: {}, advancedOAuth2Config: {} }) } as unknown as ProviderSettingsService,
      new ClientKeys({ fetch: jest.fn() }),
      { AM_BASE_URL: 'https://am.example.com/am' } as never,
    );
  const fresh = (jti: string) => sign(claims({ jti, exp: Math.floor(Date.now() / 1000) + 60, iat: Math.floor(Date.now() / 1000) }));

  it('authenticates once per jti: the second use is invalid_client', async () => {
    const assertion = await fresh('once');
    await expect(service(client('private_key_jwt')).authenticate(realm, CLIENT, assertion, 'token')).resolves.toMatchObject({ clientId: CLIENT });
    await expect(service(client('private_key_jwt')).authenticate(realm, CLIENT, assertion, 'token')).rejects.toThrow(/already used/);
  });

  it('refuses unknown, inactive and secret clients', async () => {
    await expect(service(undefined).authenticate(realm, CLIENT, await fresh('a'), 'token')).rejects.toThrow(InvalidClientError);
    await expect(service(client('private_key_jwt', 'Inactive')).authenticate(realm, CLIENT, await fresh('b'), 'token')).rejects.toThrow(/inactive/);
    await expect(service(client('client_secret_basic')).authenticate(realm, CLIENT, await fresh('c'), 'token')).rejects.toThrow(/not private_key_jwt/);
  });

  it('checks aud against the endpoint the request came to', async () => {
    const forToken = await fresh('d');
    await expect(service(client('private_key_jwt')).authenticate(realm, CLIENT, forToken, 'introspect')).rejects.toThrow(/aud/);
  });
});

describe('JwtBearerAssertions (RFC 7523 §2.1)', () => {
  const realm = { id: 'r1', path: '/alpha' } as Realm;
  const IDP = 'https://idp.example.com';
  const used = new Set<string>();
  const replay: ReplayStore = { claim: async (scope, jti) => !used.has(`${scope}|${jti}`) && Boolean(used.add(`${scope}|${jti}`)) };
  const verifier = () =>
    new JwtBearerAssertions(
      replay,
      { effective: async () => ({ advancedOAuth2Config: { trustedJwtIssuers: [{ issuer: IDP, jwkSet: { keys: [jwk] }, allowedSubjects: ['bjensen'] }] } }) } as unknown as ProviderSettingsService,
      new ClientKeys({ fetch: jest.fn() }),
      { AM_BASE_URL: 'https://am.example.com/am' } as never,
    );
  const grantAssertion = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'ES256', kid: 'k1' }) =>
    sign({ iss: IDP, sub: 'bjensen', aud: ISSUER, exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID(), ...claims }, key, header);

  it('answers the subject, scopes and client of a good assertion, once', async () => {
    const jwt = await grantAssertion({ scope: 'read write', client_id: 'c1' });
    await expect(verifier().verify(realm, jwt, 'c1')).resolves.toEqual({ issuer: IDP, subjectType: 'user', subject: 'bjensen', scopes: ['read', 'write'], clientId: 'c1' });
    await expect(verifier().verify(realm, jwt, 'c1')).rejects.toThrow(/already used/);
  });

  it.each([
    ['an untrusted issuer', { iss: 'https://evil.example.com' }, /not trusted/],
    ['another audience', { aud: 'https://other.example.com' }, /aud/],
    ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 300 }, /exp/],
    ['a subject not allowed', { sub: 'mjensen' }, /not allowed/],
    ['another client', { client_id: 'c2' }, /issued to c2/],
  ])('refuses %s with invalid_grant', async (_name, claims, why) => {
    const error = await verifier()
      .verify(realm, await grantAssertion(claims), 'c1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(String((error as InvalidGrantError).detail)).toMatch(why);
  });

  it('refuses an ID-JAG without client_id, and HS256', async () => {
    await expect(verifier().verify(realm, await grantAssertion({}, { alg: 'ES256', kid: 'k1', typ: 'oauth-id-jag+jwt' }), 'c1')).rejects.toThrow(InvalidGrantError);
    await expect(verifier().verify(realm, unsigned({ iss: IDP, sub: 'bjensen' }, 'HS256'), 'c1')).rejects.toThrow(InvalidGrantError);
  });
});
