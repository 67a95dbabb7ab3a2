import { type Infra, type MandateStack, http, startInfra, startMandate } from '@mandate/testing';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface Jwks {
  keys: Array<Record<string, string>>;
}

// am-spec §10.2 / contract §3.10: each realm's public signing keys, created on first use by
// token-service and kept in its Postgres schema.
describe.each(['distributed', 'in-process'] as const)('connect/jwk_uri through the gateway (%s)', (mode) => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: mode === 'distributed' });
    stack = await startMandate({ mode, infra });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  const jwkUri = (realmPath: string) => `${stack!.baseUrl}/oauth2/realms/root${realmPath}/connect/jwk_uri`;
  const alphaKid = async () => ((await http(jwkUri('/realms/alpha'))).json as Jwks).keys[0].kid;

  it('publishes realm alpha’s one RSA signing key with kid, use sig and alg RS256', async () => {
    const res = await http(jwkUri('/realms/alpha'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const { keys } = res.json as Jwks;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'RSA',
      n: expect.stringMatching(BASE64URL),
      e: 'AQAB',
      kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      use: 'sig',
      alg: 'RS256',
    });
    expect(Buffer.from(keys[0].n, 'base64url')).toHaveLength(256);
  });

  it('answers the same kid on a second call', async () => {
    const first = await alphaKid();
    expect(await alphaKid()).toBe(first);
  });

  it('gives the root realm a key of its own', async () => {
    const res = await http(jwkUri(''));
    expect(res.status).toBe(200);
    const { keys } = res.json as Jwks;
    expect(keys).toHaveLength(1);
    expect(keys[0].kid).not.toBe(await alphaKid());
  });

  it('answers an unknown realm with 404 in the CREST shape', async () => {
    const res = await http(jwkUri('/realms/nope'));
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the same kid after token-service restarts (the key is persisted)', async () => {
    const before = await alphaKid();
    const restarted = mode === 'distributed' ? stack!.services.get('token-service')! : stack!.gateway;
    expect(await restarted.stop()).toBe(0);
    restarted.start();
    await restarted.waitReady(60_000);
    const res = await http(jwkUri('/realms/alpha'));
    expect(res.status).toBe(200);
    expect((res.json as Jwks).keys.map((k) => k.kid)).toEqual([before]);
  });
});
