import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { http, workspaceRoot } from '@mandate/testing';
import { type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { ALPHA, CALLBACK, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';
import { type McpExampleServer, startMcpExampleServer } from './support/mcp-example-server';

// Issue 19 item 2: DPoP (RFC 9449) on every grant, through the gateway: oauth4webapi's own DPoP
// support for client credentials, token exchange and a public client's code and refresh; the
// proofs' checks, their single use, server nonces; the example MCP server's DPoP scheme.

const O4W_CALLBACK = 'https://dpop-client.example.com/callback';
const AT = 'urn:ietf:params:oauth:token-type:access_token';

interface Key {
  privateJwk: JWK;
  publicJwk: JWK;
  jkt: string;
}
async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateJwk: await exportJWK(privateKey), publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}
function publicOf(jwk: JWK): JWK {
  const { d: _d, ...rest } = jwk;
  return rest;
}
async function proof(key: { privateJwk: JWK }, htu: string, extra: { htm?: string; ath?: string; nonce?: string } = {}): Promise<string> {
  const claims: Record<string, unknown> = { htm: extra.htm ?? 'POST', htu, iat: Math.floor(Date.now() / 1000), jti: randomUUID() };
  if (extra.ath) claims.ath = extra.ath;
  if (extra.nonce) claims.nonce = extra.nonce;
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicOf(key.privateJwk) }).sign(await importJWK(key.privateJwk, 'ES256'));
}

interface ScriptResult {
  agent: { jkt: string; privateJwk: JWK; cc: string; exchanged: string };
  public: { jkt: string; privateJwk: JWK; access: string; refresh: string; refreshedAccess: string };
}

describe.each(['distributed', 'embedded'] as const)('DPoP through the gateway (%s)', (mode) => {
  let demo: DemoStack;
  let server: McpExampleServer;
  let tokenUrl = '';
  let o4w: ScriptResult;

  const introspect = async (token: string) => {
    const res = await http(demo.oauth2('introspect'), formPost({ token }, basicAuth('mcp-example-rs', 'rs-example-secret')));
    expect(res.status).toBe(200);
    return res.json as Record<string, unknown>;
  };
  const token = (fields: Record<string, string>, headers: Record<string, string>) => http(tokenUrl, formPost(fields, headers));
  const subjectToken = async () => {
    const auth = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    const session = (auth.json as { tokenId: string }).tokenId;
    const authorize = await http(demo.oauth2('authorize'), formPost({ scope: 'read', response_type: 'code', client_id: 'hr-client', csrf: session, redirect_uri: CALLBACK, decision: 'allow' }, { Cookie: `iPlanetDirectoryPro=${session}` }));
    expect(authorize.status).toBe(302);
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const redeemed = await token({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: 'mySecret', code, redirect_uri: CALLBACK, scope: 'read' }, {});
    expect(redeemed.status).toBe(200);
    return (redeemed.json as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    demo = await startDemoStack({}, mode);
    tokenUrl = demo.oauth2('access_token');
    const issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    await demo.putClient('mcp-example-rs', {
      coreOAuth2ClientConfig: { userpassword: 'rs-example-secret', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
    server = await startMcpExampleServer({ issuer, introspection: { clientId: 'mcp-example-rs', clientSecret: 'rs-example-secret' } });
    await demo.putClient('dpop-public', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [O4W_CALLBACK], scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethod: 'none' },
    });
    await demo.putClient('dpop-required', {
      coreOAuth2ClientConfig: { userpassword: 'required-secret', scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'], dpopBoundAccessTokens: true },
    });
    await demo.putClient('dpop-worker', {
      coreOAuth2ClientConfig: { userpassword: 'worker-secret', scopes: ['read'], defaultScopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'], allowedResources: [server.resource] },
    });
    const script = join(workspaceRoot(), 'tools', 'relying-party', 'oauth4webapi-dpop.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, demo.stack.baseUrl, await subjectToken(), 'dpop-public', O4W_CALLBACK], { cwd: workspaceRoot() });
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.slice(0, 4)).toEqual([
      '1. discovery: dpop_signing_alg_values_supported includes ES256: true',
      '2. client_credentials: token_type dpop',
      `3. token exchange: token_type dpop, issued_token_type ${AT}`,
      '4. authorization code: token_type dpop, refreshed: token_type dpop',
    ]);
    o4w = JSON.parse(lines[4]) as ScriptResult;
  });

  afterAll(async () => {
    await server?.stop();
    await demo?.stop();
  });

  it('binds client credentials, token exchange and a public client’s tokens to their keys: introspection shows cnf.jkt and token_type DPoP', async () => {
    expect(await introspect(o4w.agent.cc)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: o4w.agent.jkt }, client_id: 'hr-agent' });
    // The exchanged token is bound to the acting agent's key; its act chain is the exchange's.
    expect(await introspect(o4w.agent.exchanged)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: o4w.agent.jkt }, act: { sub: expect.stringContaining('hr-agent') } });
    expect(await introspect(o4w.public.refreshedAccess)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: o4w.public.jkt }, client_id: 'dpop-public' });
    // Without a proof, a token is Bearer and carries no cnf.
    const plain = await token({ grant_type: 'client_credentials', scope: 'read' }, basicAuth('hr-agent', 'mySecret'));
    expect(plain.json).toMatchObject({ token_type: 'Bearer' });
    expect(await introspect((plain.json as { access_token: string }).access_token)).not.toHaveProperty('cnf');
  });

  it('refreshes a public client’s bound refresh token only with a proof of its key', async () => {
    const none = await token({ grant_type: 'refresh_token', client_id: 'dpop-public', refresh_token: o4w.public.refresh }, {});
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ error: 'invalid_grant' });
    const other = await token({ grant_type: 'refresh_token', client_id: 'dpop-public', refresh_token: o4w.public.refresh }, { DPoP: await proof(await newKey(), tokenUrl) });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject({ error: 'invalid_grant' });
    const same = await token({ grant_type: 'refresh_token', client_id: 'dpop-public', refresh_token: o4w.public.refresh }, { DPoP: await proof(o4w.public, tokenUrl) });
    expect(same.status).toBe(200);
    expect(same.json).toMatchObject({ token_type: 'DPoP' });
  });

  it('accepts a proof once: its replay is invalid_dpop_proof', async () => {
    const key = await newKey();
    const once = await proof(key, tokenUrl);
    const first = await token({ grant_type: 'client_credentials', scope: 'read' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: once });
    expect(first.status).toBe(200);
    const again = await token({ grant_type: 'client_credentials', scope: 'read' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: once });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('answers invalid_dpop_proof for a bad proof, and for a client that requires DPoP and sent none', async () => {
    const key = await newKey();
    const elsewhere = await token({ grant_type: 'client_credentials' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: await proof(key, `${demo.stack.baseUrl}/oauth2/access_token`) });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json).toMatchObject({ error: 'invalid_dpop_proof' });
    const garbage = await token({ grant_type: 'client_credentials' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: 'not.a.proof' });
    expect(garbage.status).toBe(400);
    expect(garbage.json).toMatchObject({ error: 'invalid_dpop_proof' });
    const required = await token({ grant_type: 'client_credentials' }, basicAuth('dpop-required', 'required-secret'));
    expect(required.status).toBe(400);
    expect(required.json).toMatchObject({ error: 'invalid_dpop_proof' });
    const proved = await token({ grant_type: 'client_credentials' }, { ...basicAuth('dpop-required', 'required-secret'), DPoP: await proof(key, tokenUrl) });
    expect(proved.status).toBe(200);
  });

  it('serves the example MCP server a DPoP-bound token with a proof (ath), and refuses it as Bearer', async () => {
    const key = await newKey();
    const issued = await token({ grant_type: 'client_credentials', resource: server.resource }, { ...basicAuth('dpop-worker', 'worker-secret'), DPoP: await proof(key, tokenUrl) });
    expect(issued.status).toBe(200);
    const access = (issued.json as { access_token: string }).access_token;
    const call = async (headers: Record<string, string>) =>
      http(server.resource, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const ath = createHash('sha256').update(access).digest('base64url');
    expect((await call({ Authorization: `DPoP ${access}`, DPoP: await proof(key, server.resource, { ath }) })).status).toBe(200);
    expect((await call({ Authorization: `Bearer ${access}` })).status).toBe(401);
    expect((await call({ Authorization: `DPoP ${access}`, DPoP: await proof(await newKey(), server.resource, { ath }) })).status).toBe(401);
    expect((await call({ Authorization: `DPoP ${access}`, DPoP: await proof(key, server.resource) })).status).toBe(401);
  });

  // Last: it changes the realm's provider settings.
  it('asks for a server nonce when the provider requires one (use_dpop_nonce, DPoP-Nonce), and accepts it', async () => {
    const settings = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, { headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0' } });
    const current = settings.json as Record<string, Record<string, unknown>>;
    const put = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...current, advancedOAuth2Config: { ...current.advancedOAuth2Config, requireDpopNonce: true } }),
    });
    expect(put.status).toBe(200);
    const key = await newKey();
    let first = await token({ grant_type: 'client_credentials', scope: 'read' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: await proof(key, tokenUrl) });
    // Every replica follows the settings change on its event; the cache may answer the old settings for an instant.
    for (let i = 0; i < 50 && first.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = await token({ grant_type: 'client_credentials', scope: 'read' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: await proof(key, tokenUrl) });
    }
    expect(first.status).toBe(400);
    expect(first.json).toMatchObject({ error: 'use_dpop_nonce' });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toBeTruthy();
    const second = await token({ grant_type: 'client_credentials', scope: 'read' }, { ...basicAuth('hr-agent', 'mySecret'), DPoP: await proof(key, tokenUrl, { nonce: nonce! }) });
    expect({ status: second.status, body: second.json }).toMatchObject({ status: 200, body: { token_type: 'DPoP' } });
  });
});
