#!/usr/bin/env node
// DPoP (RFC 9449) with Mandate, run by oauth4webapi (panva), unmodified:
//
//   node tools/relying-party/oauth4webapi-dpop.mjs <baseUrl> <subject token> <public client id> <redirect URI>
//
// Needs config/demo.json imported (hr-agent, bjensen) and a public client with that redirect URI
// and the authorization_code and refresh_token grants. `subject token` is bjensen's access token
// (seed 000: from hr-client). Steps, each with its own DPoP key pair:
//   1. discovery: `dpop_signing_alg_values_supported`;
//   2. hr-agent: client_credentials with DPoP (its actor token);
//   3. hr-agent: token exchange for bjensen with DPoP, its own token as actor token;
//   4. the public client: authorization code with PKCE and DPoP, then a refresh with the same key.
// Prints one line per step, then one JSON line with the tokens and the keys (private halves
// included: the test that runs this presents them), and exits 1 on any failure.
import * as oauth from 'oauth4webapi';
import { calculateJwkThumbprint, exportJWK } from 'jose';

const [baseArg, subjectToken, publicId, redirectUri] = process.argv.slice(2);
if (!baseArg || !subjectToken || !publicId || !redirectUri) throw new Error('usage: oauth4webapi-dpop.mjs <baseUrl> <subject token> <public client id> <redirect URI>');
const base = baseArg.replace(/\/+$/, '');
const issuer = new URL(`${base}/oauth2/realms/root/realms/alpha`);
const insecure = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const say = (line) => process.stdout.write(`${line}\n`);
const AT = 'urn:ietf:params:oauth:token-type:access_token';

async function keys() {
  const pair = await oauth.generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  return { pair, jkt: await calculateJwkThumbprint(publicJwk), privateJwk: await exportJWK(pair.privateKey) };
}

async function main() {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  say(`1. discovery: dpop_signing_alg_values_supported includes ES256: ${as.dpop_signing_alg_values_supported?.includes('ES256')}`);

  const agent = { client_id: 'hr-agent' };
  const agentKey = await keys();
  const agentDpop = oauth.DPoP(agent, agentKey.pair);
  const cc = await oauth.processClientCredentialsResponse(
    as,
    agent,
    await oauth.clientCredentialsGrantRequest(as, agent, oauth.ClientSecretBasic('mySecret'), new URLSearchParams({ scope: 'read' }), { DPoP: agentDpop, ...insecure }),
  );
  say(`2. client_credentials: token_type ${cc.token_type}`);

  const exchanged = await oauth.processGenericTokenEndpointResponse(
    as,
    agent,
    await oauth.genericTokenEndpointRequest(
      as,
      agent,
      oauth.ClientSecretBasic('mySecret'),
      'urn:ietf:params:oauth:grant-type:token-exchange',
      new URLSearchParams({ subject_token: subjectToken, subject_token_type: AT, actor_token: cc.access_token, actor_token_type: AT, scope: 'read' }),
      { DPoP: agentDpop, ...insecure },
    ),
  );
  say(`3. token exchange: token_type ${exchanged.token_type}, issued_token_type ${exchanged.issued_token_type}`);

  const login = await fetch(`${base}/json/realms/root/realms/alpha/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const session = await login.json();
  const client = { client_id: publicId, token_endpoint_auth_method: 'none' };
  const publicKey = await keys();
  const publicDpop = oauth.DPoP(client, publicKey.pair);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const consent = await fetch(as.authorization_endpoint, {
    method: 'POST',
    headers: { Cookie: `iPlanetDirectoryPro=${session.tokenId}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      response_type: 'code',
      client_id: publicId,
      redirect_uri: redirectUri,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      scope: 'read',
      csrf: session.tokenId,
      decision: 'allow',
    }),
    redirect: 'manual',
  });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`authorization failed: HTTP ${consent.status}`);
  const params = oauth.validateAuthResponse(as, client, new URL(location), state);
  const code = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, { DPoP: publicDpop, ...insecure }),
  );
  const refreshed = await oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), code.refresh_token, { DPoP: publicDpop, ...insecure }),
  );
  say(`4. authorization code: token_type ${code.token_type}, refreshed: token_type ${refreshed.token_type}`);
  process.stdout.write(
    `${JSON.stringify({
      agent: { jkt: agentKey.jkt, privateJwk: agentKey.privateJwk, cc: cc.access_token, exchanged: exchanged.access_token },
      public: { jkt: publicKey.jkt, privateJwk: publicKey.privateJwk, access: code.access_token, refresh: refreshed.refresh_token, refreshedAccess: refreshed.access_token },
    })}\n`,
  );
}

main().catch((error) => {
  const detail = [error.code, error.status && `HTTP ${error.status}`, error.error, error.error_description].filter(Boolean).join(' ');
  process.stderr.write(`FAILED: ${error.message}${detail ? ` (${detail})` : ''}\n`);
  if (error.cause) process.stderr.write(`cause: ${JSON.stringify(error.cause)}\n`);
  process.exitCode = 1;
});
