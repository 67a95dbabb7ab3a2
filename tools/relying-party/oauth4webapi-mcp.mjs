#!/usr/bin/env node
// What an MCP client and an MCP server do with Mandate, run by oauth4webapi (panva), unmodified:
//
//   node tools/relying-party/oauth4webapi-mcp.mjs <baseUrl> <public client id> <redirect URI> <resource>
//
// Needs a Mandate with config/demo.json imported (bjensen), a public client with that redirect
// URI, client-side (JWT) tokens and the resource on its allow-list. Steps:
//   1. discovery of realm alpha with both algorithms: `oidc` (issuer + /.well-known/openid-configuration)
//      and `oauth2` (RFC 8414 §3.1: /.well-known/oauth-authorization-server + issuer path);
//   2. bjensen signs in through AM's REST login (not OAuth, so plain fetch);
//   3. authorization code with PKCE S256 and `resource` (RFC 8707) for the public client
//      (token endpoint auth `none`), consent posted as the consent page does;
//   4. the MCP server's side: validateJwtAccessToken (RFC 9068) with the resource as audience.
// Prints one line per step and exits 1 on any failure.
import * as oauth from 'oauth4webapi';

const [baseArg, clientId, redirectUri, resource] = process.argv.slice(2);
if (!baseArg || !clientId || !redirectUri || !resource) throw new Error('usage: oauth4webapi-mcp.mjs <baseUrl> <client id> <redirect URI> <resource>');
const base = baseArg.replace(/\/+$/, '');
const issuer = new URL(`${base}/oauth2/realms/root/realms/alpha`);
// oauth4webapi refuses http:// unless told; the test stack listens on plain http on loopback.
const insecure = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const say = (line) => process.stdout.write(`${line}\n`);

async function discover(algorithm) {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm, ...insecure }));
  if (!as.token_endpoint_auth_methods_supported?.includes('none')) throw new Error(`${algorithm}: token endpoint auth method none is not advertised`);
  return as;
}

async function main() {
  const oidc = await discover('oidc');
  const as = await discover('oauth2');
  say(`1. discovery: oidc issuer ${oidc.issuer}, oauth2 issuer ${as.issuer}`);

  const login = await fetch(`${base}/json/realms/root/realms/alpha/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const session = await login.json();
  if (login.status !== 200) throw new Error(`sign-in failed: HTTP ${login.status}`);
  say('2. bjensen signed in');

  const client = { client_id: clientId, token_endpoint_auth_method: 'none' };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const form = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    resource,
    csrf: session.tokenId,
    decision: 'allow',
  });
  const consent = await fetch(as.authorization_endpoint, {
    method: 'POST',
    headers: { Cookie: `iPlanetDirectoryPro=${session.tokenId}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`authorization failed: HTTP ${consent.status} ${await consent.text()}`);
  // Checks iss (RFC 9207), state and the absence of an error.
  const params = oauth.validateAuthResponse(as, client, new URL(location), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, { additionalParameters: { resource }, ...insecure });
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  say(`3. tokens: scope "${tokens.scope}", token_type ${tokens.token_type}, refresh token ${tokens.refresh_token ? 'issued' : 'missing'}`);

  const request = new Request(resource, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  const claims = await oauth.validateJwtAccessToken(as, request, resource, insecure);
  say(`4. RFC 9068 access token: aud ${JSON.stringify(claims.aud)}, client_id ${claims.client_id}, scope "${claims.scope}"`);
}

main().catch((error) => {
  const detail = [error.code, error.status && `HTTP ${error.status}`, error.error, error.error_description].filter(Boolean).join(' ');
  process.stderr.write(`FAILED: ${error.message}${detail ? ` (${detail})` : ''}\n`);
  if (error.cause) process.stderr.write(`cause: ${JSON.stringify(error.cause)}\n`);
  process.exitCode = 1;
});
