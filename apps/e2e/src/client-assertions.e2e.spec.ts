import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { http, workspaceRoot } from '@mandate/testing';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ALPHA, CALLBACK, type DemoStack, formPost, startDemoStack } from './support/demo-stack';
import { type DocumentServer, startDocumentServer } from './support/document-server';

// Issue 19 item 1: private_key_jwt (RFC 7523 §2.2, OIDC Core §9) through the gateway. Agents
// hold a private key and no shared secret: keys inline (jwkSet, from the admin API or DCR's
// jwks) or at a jwks_uri served on loopback (the test switch MANDATE_CIMD_ALLOW_LOOPBACK, as
// for client ID metadata documents). Every refusal is 401 invalid_client.

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const AT = 'urn:ietf:params:oauth:token-type:access_token';
const run = promisify(execFile);

interface Signer {
  key: CryptoKey;
  jwk: JWK;
  /** The private JWK, for oauth4webapi. */
  privateJwk: JWK;
}

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { key: privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } };
}

describe.each(['distributed', 'embedded'] as const)('private_key_jwt client authentication (%s)', (mode) => {
  let demo: DemoStack;
  let docs: DocumentServer;
  let issuer = '';
  let agentKey: Signer;

  const now = () => Math.floor(Date.now() / 1000);
  const assertion = (clientId: string, s: Signer, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    new SignJWT({ iss: clientId, sub: clientId, aud: issuer, exp: now() + 60, iat: now(), jti: randomUUID(), ...claims } as never)
      .setProtectedHeader({ alg: 'ES256', kid: s.jwk.kid, ...header } as never)
      .sign(s.key);
  const withAssertion = (endpoint: string, jwt: string, fields: Record<string, string> = {}) =>
    http(demo.oauth2(endpoint), formPost({ client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, ...fields }));
  const cc = (jwt: string, scope = 'read') => withAssertion('access_token', jwt, { grant_type: 'client_credentials', scope });
  const putAgent = async (id: string, config: Record<string, unknown>) => {
    const res = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/agents/AIAgent/${id}`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=2.0' },
      body: JSON.stringify(config),
    });
    return res;
  };
  const keyAgent = (signEnc: Record<string, unknown>) => ({
    coreOAuth2ClientConfig: { scopes: ['read', 'write'], defaultScopes: ['read'] },
    advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'], tokenEndpointAuthMethod: 'private_key_jwt' },
    signEncOAuth2ClientConfig: signEnc,
  });
  const invalidClient = { error: 'invalid_client', error_description: 'Client authentication failed' };

  beforeAll(async () => {
    docs = await startDocumentServer();
    demo = await startDemoStack({ MANDATE_CIMD_ALLOW_LOOPBACK: 'true', NODE_EXTRA_CA_CERTS: docs.caFile }, mode);
    issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    agentKey = await signer('agent-1');
    const res = await putAgent('pkj-agent', keyAgent({ publicKeyLocation: 'jwks', jwkSet: JSON.stringify({ keys: [agentKey.jwk] }) }));
    expect([200, 201]).toContain(res.status);
  });

  afterAll(async () => {
    await demo?.stop();
    await docs?.stop();
  });

  it('advertises private_key_jwt and its algorithms for the token, introspection and revocation endpoints, never client_secret_jwt', async () => {
    for (const doc of ['.well-known/openid-configuration', '.well-known/oauth-authorization-server']) {
      const meta = (await http(demo.oauth2(doc))).json as Record<string, string[]>;
      for (const endpoint of ['token', 'introspection', 'revocation']) {
        expect(meta[`${endpoint}_endpoint_auth_methods_supported`]).toContain('private_key_jwt');
        expect(meta[`${endpoint}_endpoint_auth_methods_supported`]).not.toContain('client_secret_jwt');
        expect(meta[`${endpoint}_endpoint_auth_signing_alg_values_supported`]).toEqual(expect.arrayContaining(['RS256', 'ES256', 'EdDSA']));
        expect(meta[`${endpoint}_endpoint_auth_signing_alg_values_supported`]).not.toContain('HS256');
      }
    }
  });

  it('creates an agent that has keys and no secret, and refuses private_key_jwt without keys', async () => {
    const noKeys = await putAgent('pkj-nokeys', keyAgent({ publicKeyLocation: 'jwks', jwkSet: '' }));
    expect(noKeys.status).toBe(400);
    expect(noKeys.text).toContain('private_key_jwt needs signEncOAuth2ClientConfig.jwkSet or jwksUri');
  });

  it('issues a client_credentials token to an agent whose assertion names the issuer or the token endpoint', async () => {
    const res = await cc(await assertion('pkj-agent', agentKey));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', scope: 'read' });
    expect((await cc(await assertion('pkj-agent', agentKey, { aud: demo.oauth2('access_token') }))).status).toBe(200);
    // client_id beside the assertion must name the same client.
    expect((await withAssertion('access_token', await assertion('pkj-agent', agentKey), { grant_type: 'client_credentials', client_id: 'pkj-agent' })).status).toBe(200);
  });

  it('refuses a replayed assertion, and assertions with the wrong aud, expired, from the future, unsigned, HMAC, by another key or for another client: 401 invalid_client', async () => {
    const once = await assertion('pkj-agent', agentKey);
    expect((await cc(once)).status).toBe(200);
    const replayed = await cc(once);
    expect(replayed.status).toBe(401);
    expect(replayed.json).toEqual(invalidClient);

    const stranger = await signer('agent-1');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const claims = { iss: 'pkj-agent', sub: 'pkj-agent', aud: issuer, exp: now() + 60, jti: randomUUID() };
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a shared secret, thirty-two bytes'));
    const refused = {
      'wrong aud': await assertion('pkj-agent', agentKey, { aud: 'https://elsewhere.example.com' }),
      'aud of another endpoint': await assertion('pkj-agent', agentKey, { aud: demo.oauth2('introspect') }),
      expired: await assertion('pkj-agent', agentKey, { exp: now() - 300, iat: now() - 400 }),
      'nbf in the future': await assertion('pkj-agent', agentKey, { nbf: now() + 300 }),
      'exp far ahead': await assertion('pkj-agent', agentKey, { exp: now() + 7200 }),
      'no jti': await assertion('pkj-agent', agentKey, { jti: undefined }),
      'alg none': `${b64({ alg: 'none' })}.${b64(claims)}.`,
      HS256: hs,
      'another key': await assertion('pkj-agent', stranger),
      'iss another client': await assertion('pkj-agent', agentKey, { iss: 'hr-agent' }),
      'a client with a secret': await assertion('hr-client', agentKey),
    };
    for (const [why, jwt] of Object.entries(refused)) {
      const res = await cc(jwt);
      expect({ why, status: res.status, body: res.json }).toEqual({ why, status: 401, body: invalidClient });
    }
    // client_id and the assertion naming different clients; a secret beside an assertion is two methods.
    expect((await withAssertion('access_token', await assertion('pkj-agent', agentKey), { grant_type: 'client_credentials', client_id: 'hr-agent' })).status).toBe(401);
    expect((await withAssertion('access_token', await assertion('pkj-agent', agentKey), { grant_type: 'client_credentials', client_secret: 'x' })).json).toMatchObject({ error: 'invalid_request' });
    expect((await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_assertion_type: 'urn:other', client_assertion: once }))).status).toBe(401);
    // The agent has no secret to fall back on.
    expect((await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'pkj-agent', client_secret: '' }))).status).toBe(401);
  });

  it('authenticates introspection and revocation by assertion, aud the issuer or that endpoint', async () => {
    const access = ((await cc(await assertion('pkj-agent', agentKey))).json as { access_token: string }).access_token;
    const seen = await withAssertion('introspect', await assertion('pkj-agent', agentKey, { aud: demo.oauth2('introspect') }), { token: access });
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ active: true, client_id: 'pkj-agent' });
    expect((await withAssertion('introspect', await assertion('pkj-agent', agentKey, { aud: demo.oauth2('access_token') }), { token: access })).status).toBe(401);
    const revoked = await withAssertion('token/revoke', await assertion('pkj-agent', agentKey, { aud: demo.oauth2('token/revoke') }), { token: access });
    expect(revoked.status).toBe(200);
    expect((await withAssertion('introspect', await assertion('pkj-agent', agentKey), { token: access })).json).toEqual({ active: false });
  });

  it('registers an agent by DCR with jwks: no client_secret is issued, and the agent authenticates with its key', async () => {
    const key = await signer('dcr-1');
    const res = await http(demo.oauth2('aiagent/register'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: 'keyed agent', grant_types: ['client_credentials'], scopes: ['read'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [key.jwk] } }),
    });
    expect(res.status).toBe(201);
    const registered = res.json as Record<string, unknown>;
    expect(registered).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [expect.objectContaining({ kid: 'dcr-1' })] } });
    expect(registered).not.toHaveProperty('client_secret');
    const clientId = registered.client_id as string;
    expect((await cc(await assertion(clientId, key))).status).toBe(200);
    // DCR refuses a plain http jwks_uri, and private_key_jwt without keys.
    const bad = await http(demo.oauth2('aiagent/register'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://127.0.0.1:1/jwks' }),
    });
    expect(bad.json).toMatchObject({ error: 'invalid_client_metadata' });
  });

  it('fetches an admin-configured agent’s jwks_uri once, and again when an unknown kid arrives (key rotation)', async () => {
    const first = await signer('uri-1');
    const second = await signer('uri-2');
    docs.serve('/agent/jwks.json', { body: { keys: [first.jwk] } });
    const put = await putAgent('uri-agent', keyAgent({ publicKeyLocation: 'jwks_uri', jwksUri: `${docs.origin}/agent/jwks.json`, jwksCacheMissCacheTime: 0 }));
    expect([200, 201]).toContain(put.status);
    expect((await cc(await assertion('uri-agent', first))).status).toBe(200);
    expect((await cc(await assertion('uri-agent', first))).status).toBe(200);
    expect(docs.hits('/agent/jwks.json')).toBe(1);
    docs.serve('/agent/jwks.json', { body: { keys: [first.jwk, second.jwk] } });
    expect((await cc(await assertion('uri-agent', second))).status).toBe(200);
    expect(docs.hits('/agent/jwks.json')).toBe(2);
    // A key that is nowhere: fetched again, still unknown, refused.
    expect((await cc(await assertion('uri-agent', await signer('uri-3')))).status).toBe(401);
  });

  it('refuses an agent whose jwks_uri answers an error', async () => {
    const put = await putAgent('gone-agent', keyAgent({ publicKeyLocation: 'jwks_uri', jwksUri: `${docs.origin}/gone/jwks.json` }));
    expect([200, 201]).toContain(put.status);
    const res = await cc(await assertion('gone-agent', agentKey));
    expect(res.status).toBe(401);
    expect(res.json).toEqual(invalidClient);
  });

  it('serves oauth4webapi’s PrivateKeyJwt: client_credentials, introspection, token exchange for bjensen, revocation, a DPoP-bound exchange', async () => {
    // hr-agent (seed 000) switched to private_key_jwt, the rest of its configuration kept.
    const current = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/agents/AIAgent/hr-agent`, { headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'resource=2.0' } });
    expect(current.status).toBe(200);
    const config = current.json as Record<string, Record<string, unknown>>;
    const put = await putAgent('hr-agent', {
      ...config,
      coreOAuth2ClientConfig: { ...config.coreOAuth2ClientConfig, userpassword: null },
      advancedOAuth2ClientConfig: { ...config.advancedOAuth2ClientConfig, tokenEndpointAuthMethod: 'private_key_jwt' },
      signEncOAuth2ClientConfig: { ...config.signEncOAuth2ClientConfig, publicKeyLocation: 'jwks', jwkSet: JSON.stringify({ keys: [agentKey.jwk] }) },
    });
    expect(put.status).toBe(200);
    const userToken = await bjensenToken();
    const script = join(workspaceRoot(), 'tools', 'relying-party', 'oauth4webapi-private-key-jwt.mjs');
    const { stdout } = await run(process.execPath, [script, demo.stack.baseUrl, 'hr-agent', userToken], { cwd: workspaceRoot(), env: { ...process.env, MANDATE_AGENT_JWK: JSON.stringify(agentKey.privateJwk) } });
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^1\. discovery: private_key_jwt with RS256 .*ES256/),
      '2. client_credentials: scope "read", token_type bearer',
      '3. introspection: active true, client_id hr-agent',
      `4. token exchange: issued_token_type ${AT}, act {"sub":"hr-agent"}`,
      '5. revoked: active false',
      '6. DPoP-bound token exchange: token_type dpop, cnf.jkt the agent key, act {"sub":"hr-agent"}',
    ]);
    // Its old secret no longer authenticates it.
    expect((await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret' }))).status).toBe(401);
  });

  /** Seed 000's user token: bjensen signs in, hr-client redeems a code whose token hr-agent may act on. */
  async function bjensenToken(): Promise<string> {
    const auth = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    const session = (auth.json as { tokenId: string }).tokenId;
    const authorize = await http(demo.oauth2('authorize'), formPost({ scope: 'read', response_type: 'code', client_id: 'hr-client', csrf: session, redirect_uri: CALLBACK, decision: 'allow' }, { Cookie: `iPlanetDirectoryPro=${session}` }));
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const redeemed = await http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: 'mySecret', code, redirect_uri: CALLBACK, scope: 'read' }));
    expect(redeemed.status).toBe(200);
    return (redeemed.json as { access_token: string }).access_token;
  }
});
