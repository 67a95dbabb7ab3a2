import { type Infra, type MandateStack, http, startInfra, startMandate } from '@mandate/testing';

// The walking skeleton's slice: gateway → transport → registration-service → Postgres, in both modes.
describe.each(['distributed', 'in-process'] as const)('discovery through the gateway (%s)', (mode) => {
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

  const base = () => stack!.baseUrl;

  it('serves the OpenID configuration of realm alpha with its configured issuer', async () => {
    const res = await http(`${base()}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const issuer = `${base()}/oauth2/realms/root/realms/alpha`;
    expect(res.json).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/access_token`,
      introspection_endpoint: `${issuer}/introspect`,
      revocation_endpoint: `${issuer}/token/revoke`,
      registration_endpoint: `${issuer}/register`,
      jwks_uri: `${issuer}/connect/jwk_uri`,
      code_challenge_methods_supported: ['S256'],
    });
    // No userinfo endpoint is served, so none is advertised.
    expect(res.json).not.toHaveProperty('userinfo_endpoint');
    expect((res.json as { grant_types_supported: string[] }).grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:token-exchange');
  });

  it('serves RFC 8414 metadata of realm alpha with the same issuer', async () => {
    const res = await http(`${base()}/oauth2/realms/root/realms/alpha/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ issuer: `${base()}/oauth2/realms/root/realms/alpha` });
    expect(res.json).not.toHaveProperty('userinfo_endpoint');
  });

  it.each(['oauth-authorization-server', 'openid-configuration'])(
    'serves the %s document at the origin with the issuer path inserted (RFC 8414 §3.1)',
    async (document) => {
      const issuerPath = new URL(`${base()}/oauth2/realms/root/realms/alpha`).pathname;
      const inserted = await http(`${stack!.origin}/.well-known/${document}${issuerPath}`);
      const issuerForm = await http(`${base()}/oauth2/realms/root/realms/alpha/.well-known/${document}`);
      expect(inserted.status).toBe(200);
      expect(inserted.json).toEqual(issuerForm.json);
      expect(inserted.json).toMatchObject({ issuer: `${base()}/oauth2/realms/root/realms/alpha` });
    },
  );

  it('serves path-inserted discovery of the root realm and refuses an unknown realm there', async () => {
    const root = await http(`${stack!.origin}/.well-known/oauth-authorization-server${new URL(base()).pathname}/oauth2/realms/root`);
    expect(root.status).toBe(200);
    expect(root.json).toMatchObject({ issuer: `${base()}/oauth2/realms/root` });
    const unknown = await http(`${stack!.origin}/.well-known/openid-configuration${new URL(base()).pathname}/oauth2/realms/root/realms/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
  });

  it('serves the root realm under /realms/root', async () => {
    const res = await http(`${base()}/oauth2/realms/root/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ issuer: `${base()}/oauth2/realms/root`, token_endpoint: `${base()}/oauth2/realms/root/access_token` });
  });

  it('answers an unknown realm with 404 in the CREST shape', async () => {
    const res = await http(`${base()}/oauth2/realms/root/realms/nope/.well-known/openid-configuration`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a realm path that does not start at root with 404', async () => {
    const res = await http(`${base()}/oauth2/realms/alpha/.well-known/openid-configuration`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm not found' });
  });

  it('answers an unknown path with 404 in the CREST shape', async () => {
    const res = await http(`${base()}/json/realms/root/realms/alpha/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 404, reason: 'Not Found', message: 'Not Found' });
  });

  it('echoes a plain correlation id and replaces a forged one', async () => {
    const plain = await http(`${base()}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`, {
      headers: { 'x-correlation-id': 'test-run-42' },
    });
    expect(plain.headers.get('x-correlation-id')).toBe('test-run-42');
    const forged = await http(`${base()}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`, {
      headers: { 'x-correlation-id': 'a\tb{"level":60}' },
    });
    expect(forged.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every service ready', async () => {
    const res = await http(`${stack!.origin}/health/ready`);
    expect(res.status).toBe(200);
    const details = (res.json as { details: Record<string, { status: string }> }).details;
    for (const service of ['authn-service', 'authorize-service', 'token-service', 'introspection-service', 'registration-service']) {
      expect(details[service]).toEqual({ status: 'up' });
    }
  });
});
