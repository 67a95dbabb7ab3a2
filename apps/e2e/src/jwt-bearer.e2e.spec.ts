import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, workspaceRoot } from '@mandate/testing';
import { type CryptoKey, type JWK, SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 19 item 3: the JWT bearer grant (RFC 7523 §2.1) through the gateway. Realm alpha trusts
// two issuers (advancedOAuth2Config.trustedJwtIssuers): one whose assertions name users by
// username, one whose assertions name AI agents. Every bad assertion is 400 invalid_grant.

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const USERS_ISSUER = 'https://idp.example.com';
const AGENTS_ISSUER = 'https://agents.example.com';

describe('the JWT bearer grant (distributed)', () => {
  let demo: DemoStack;
  let issuer = '';
  let userKey: { key: CryptoKey; jwk: JWK };
  let agentKey: { key: CryptoKey; jwk: JWK };
  const now = () => Math.floor(Date.now() / 1000);

  const keyPair = async (kid: string) => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    return { key: privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
  };
  const assertion = (claims: Record<string, unknown>, signer = userKey, header: Record<string, unknown> = {}) =>
    new SignJWT({ iss: USERS_ISSUER, sub: 'bjensen', aud: issuer, exp: now() + 120, iat: now(), jti: randomUUID(), ...claims } as never)
      .setProtectedHeader({ alg: 'ES256', kid: signer.jwk.kid, ...header } as never)
      .sign(signer.key);
  const grant = (jwt: string | undefined, fields: Record<string, string> = {}) =>
    http(demo.oauth2('access_token'), formPost({ grant_type: JWT_BEARER, ...(jwt !== undefined && { assertion: jwt }), ...fields }, basicAuth('jwt-client', 'mySecret')));
  const introspect = (token: string) => http(demo.oauth2('introspect'), formPost({ token }, basicAuth('jwt-client', 'mySecret')));

  beforeAll(async () => {
    demo = await startDemoStack();
    issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    userKey = await keyPair('users-1');
    agentKey = await keyPair('agents-1');
    const providerUrl = `${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`;
    const headers = { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' };
    const current = (await http(providerUrl, { headers })).json as Record<string, Record<string, unknown>>;
    const advanced = current.advancedOAuth2Config as { grantTypes: string[] };
    const put = await http(providerUrl, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        ...current,
        advancedOAuth2Config: {
          ...advanced,
          grantTypes: [...advanced.grantTypes, JWT_BEARER],
          trustedJwtIssuers: [
            { issuer: USERS_ISSUER, jwkSet: { keys: [userKey.jwk] }, allowedSubjects: ['bjensen', 'ghost'] },
            { issuer: AGENTS_ISSUER, jwkSet: JSON.stringify({ keys: [agentKey.jwk] }), subjectType: 'agent', resourceOwnerIdentityClaim: 'agent_id' },
          ],
        },
      }),
    });
    expect(put.status).toBe(200);
    await demo.putClient('jwt-client', {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', scopes: ['read', 'write'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: [JWT_BEARER] },
    });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('lists the grant in discovery once the provider enables it', async () => {
    const meta = (await http(demo.oauth2('.well-known/openid-configuration'))).json as { grant_types_supported: string[] };
    expect(meta.grant_types_supported).toContain(JWT_BEARER);
  });

  it('issues a token about the user the trusted issuer names, within the client’s scopes and the assertion’s', async () => {
    const res = await grant(await assertion({}), { scope: 'read write' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', scope: 'read write' });
    expect(res.json).not.toHaveProperty('refresh_token');
    const seen = (await introspect((res.json as { access_token: string }).access_token)).json as Record<string, unknown>;
    expect(seen).toMatchObject({ active: true, client_id: 'jwt-client', scope: 'read write' });
    expect(seen.sub).toEqual(expect.any(String));
    // A scope claim bounds the token: without a request scope, what both allow.
    const bounded = await grant(await assertion({ scope: 'read' }));
    expect(bounded.json).toMatchObject({ scope: 'read' });
    expect((await grant(await assertion({ scope: 'read' }), { scope: 'write' })).json).toMatchObject({ error: 'invalid_scope' });
  });

  it('issues a token about an AI agent when the issuer names agents', async () => {
    const jwt = await assertion({ iss: AGENTS_ISSUER, sub: 'ignored', agent_id: 'hr-agent' }, agentKey);
    const res = await grant(jwt);
    expect(res.status).toBe(200);
    const seen = (await introspect((res.json as { access_token: string }).access_token)).json as Record<string, unknown>;
    expect(seen).toMatchObject({ active: true, sub: 'hr-agent' });
  });

  it('answers 400 invalid_grant for an untrusted issuer, another key, wrong aud, expiry, replay, none, an unknown or unlisted subject, another client', async () => {
    const replayed = await assertion({});
    expect((await grant(replayed)).status).toBe(200);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: Record<string, string> = {
      replayed,
      'untrusted issuer': await assertion({ iss: 'https://evil.example.com' }),
      'another key': await assertion({}, await keyPair('users-1')),
      'the agents issuer’s key for users': await assertion({}, agentKey),
      'wrong aud': await assertion({ aud: 'https://elsewhere.example.com' }),
      expired: await assertion({ exp: now() - 300, iat: now() - 400 }),
      'not yet valid': await assertion({ nbf: now() + 600 }),
      'exp too far ahead': await assertion({ exp: now() + 86400 }),
      'alg none': `${b64({ alg: 'none' })}.${b64({ iss: USERS_ISSUER, sub: 'bjensen', aud: issuer, exp: now() + 60 })}.`,
      'unknown user': await assertion({ sub: 'ghost' }),
      'subject not allowed': await assertion({ sub: 'mjensen' }),
      'issued to another client': await assertion({ client_id: 'hr-client' }),
      'an agent that does not exist': await assertion({ iss: AGENTS_ISSUER, agent_id: 'nobody' }, agentKey),
      'not a JWT': 'garbage',
    };
    for (const [why, jwt] of Object.entries(cases)) {
      const res = await grant(jwt);
      expect({ why, status: res.status, error: (res.json as { error?: string }).error }).toEqual({ why, status: 400, error: 'invalid_grant' });
    }
    expect((await grant(undefined)).json).toMatchObject({ error: 'invalid_request', error_description: 'Missing parameters: assertion' });
  });
});

// Issue 19 item 4: ID-JAG (draft-ietf-oauth-identity-assertion-authz-grant) between two realms
// of one Mandate. Realm alpha is the IdP: its client jag-client exchanges bjensen's access token
// for an ID-JAG whose audience is realm bravo. Realm bravo trusts alpha's issuer and keys, and
// bravo-client redeems the ID-JAG with the JWT bearer grant.
describe('ID-JAG from realm alpha, redeemed at realm bravo (distributed)', () => {
  const TX = 'urn:ietf:params:oauth:grant-type:token-exchange';
  const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';
  const AT = 'urn:ietf:params:oauth:token-type:access_token';
  let demo: DemoStack;
  let dir = '';
  let alpha = '';
  let bravo = '';

  beforeAll(async () => {
    const base = JSON.parse(readFileSync(join(workspaceRoot(), 'config', 'demo.json'), 'utf8')) as Record<string, Record<string, unknown>> & { realms: string[] };
    dir = mkdtempSync(join(tmpdir(), 'mandate-idjag-'));
    // The audience is only known once the stack listens: jag-client's policy is written then.
    const file = join(dir, 'two-realms.json');
    const bravoUser = { username: 'bjensen', userpassword: 'Ch4ng31t', mail: 'bjensen@example.com', givenName: 'Babs', sn: 'Jensen', cn: 'Babs Jensen' };
    writeFileSync(
      file,
      JSON.stringify({
        ...base,
        realms: [...base.realms, '/bravo'],
        users: { ...base.users, '/bravo': [bravoUser] },
        providers: { ...base.providers, '/bravo': { advancedOAuth2Config: { grantTypes: [JWT_BEARER], supportedScopes: ['read', 'write'] } } },
        clients: {
          ...base.clients,
          '/bravo': {
            'bravo-client': { coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read', 'write'], defaultScopes: ['read'] }, advancedOAuth2ClientConfig: { grantTypes: [JWT_BEARER] } },
            'other-client': { coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read'] }, advancedOAuth2ClientConfig: { grantTypes: [JWT_BEARER] } },
          },
        },
      }),
    );
    demo = await startDemoStack({ MANDATE_IMPORT: file });
    alpha = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    bravo = `${demo.stack.baseUrl}/oauth2/realms/root/realms/bravo`;
    await demo.putClient('jag-client', {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', scopes: ['read', 'write'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: [TX], identityAssertionGrants: [{ audience: bravo, clientId: 'bravo-client', scopes: ['read'] }] },
    });
    // bravo trusts alpha: its issuer and the keys alpha publishes.
    const jwks = (await http(`${alpha}/connect/jwk_uri`)).json;
    const put = await http(`${demo.stack.baseUrl}/json/realms/root/realms/bravo/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        advancedOAuth2Config: { grantTypes: [JWT_BEARER], supportedScopes: ['read', 'write'], trustedJwtIssuers: [{ issuer: alpha, jwkSet: jwks, resourceOwnerIdentityClaim: 'preferred_username' }] },
      }),
    });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await demo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const bjensenAtAlpha = async () => {
    const res = await http(demo.oauth2('access_token'), formPost({ grant_type: 'password', username: 'bjensen', password: 'Ch4ng31t', scope: 'read' }, basicAuth('jag-password', 'mySecret')));
    expect(res.status).toBe(200);
    return (res.json as { access_token: string }).access_token;
  };
  const idJag = (subject: string, fields: Record<string, string> = {}) =>
    http(demo.oauth2('access_token'), formPost({ grant_type: TX, requested_token_type: ID_JAG, subject_token: subject, subject_token_type: AT, audience: bravo, scope: 'read', ...fields }, basicAuth('jag-client', 'mySecret')));
  const redeem = (jwt: string, client = 'bravo-client') =>
    http(`${bravo}/access_token`, formPost({ grant_type: JWT_BEARER, assertion: jwt }, basicAuth(client, 'mySecret')));

  it('issues an ID-JAG for bravo, and bravo redeems it once for a token about its own bjensen', async () => {
    await demo.putClient('jag-password', {
      coreOAuth2ClientConfig: { userpassword: 'mySecret', scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['password'] },
    });
    const res = await idJag(await bjensenAtAlpha());
    expect(res.status).toBe(200);
    const body = res.json as { access_token: string; issued_token_type: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({ issued_token_type: ID_JAG, token_type: 'N_A', scope: 'read' });
    expect(body.expires_in).toBeLessThanOrEqual(300);
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ typ: 'oauth-id-jag+jwt' });
    expect(decodeJwt(body.access_token)).toMatchObject({ iss: alpha, aud: bravo, client_id: 'bravo-client', preferred_username: 'bjensen', scope: 'read', jti: expect.any(String) });

    // Another client of bravo cannot use it; then bravo-client can, once.
    expect((await redeem(body.access_token, 'other-client')).json).toMatchObject({ error: 'invalid_grant' });
    const token = await redeem(body.access_token);
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ token_type: 'Bearer', scope: 'read' });
    const seen = (await http(`${bravo}/introspect`, formPost({ token: (token.json as { access_token: string }).access_token }, basicAuth('bravo-client', 'mySecret')))).json;
    expect(seen).toMatchObject({ active: true, client_id: 'bravo-client', scope: 'read' });
    expect((await redeem(body.access_token)).json).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an ID-JAG for an audience the client’s policy does not list, beyond its scopes, or about an agent', async () => {
    const user = await bjensenAtAlpha();
    expect((await idJag(user, { audience: 'https://elsewhere.example.com' })).json).toMatchObject({ error: 'invalid_request', error_description: 'Invalid audience requested.' });
    expect((await idJag(user, { scope: 'write' })).json).toMatchObject({ error: 'invalid_scope' });
    const agent = await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', scope: 'read' }, basicAuth('hr-agent', 'mySecret')));
    expect((await idJag((agent.json as { access_token: string }).access_token)).json).toMatchObject({ error: 'invalid_request', error_description: 'Invalid token exchange.' });
    // Bravo does not trust an ID-JAG signed by anyone but alpha.
    expect((await redeem('eyJhbGciOiJub25lIn0.e30.')).json).toMatchObject({ error: 'invalid_grant' });
  });
});
