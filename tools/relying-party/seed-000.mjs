#!/usr/bin/env node
// Seed 000 ("AI agent on behalf of a user", shared/seeds/000_*.txt) run by a standard relying
// party: openid-client 6 (panva), unmodified, against Mandate's discovery document.
//
//   node tools/relying-party/seed-000.mjs [baseUrl]      (default http://localhost:8080/am)
//
// Needs a Mandate with config/demo.json imported (`npm run demo`). Steps:
//   1. discovery of realm alpha (RFC 8414 / OpenID Connect Discovery);
//   2. bjensen signs in through AM's REST login (/json/authenticate: not OAuth, so plain fetch);
//   3. authorization code with PKCE S256 and state for hr-client (RFC 6749 §4.1, RFC 7636,
//      RFC 9207 `iss`): openid-client builds the authorization request, which is POSTed to the
//      authorization endpoint with bjensen's SSO cookie, `csrf` and `decision=allow` as the seed's
//      step 2 does (the consent a browser would give), then openid-client redeems the code
//      (see REDIRECT_URI below for the one difference from the seed);
//   4. client credentials for the AI agent hr-agent (RFC 6749 §4.4);
//   5. token exchange (RFC 8693): subject_token = bjensen's, actor_token = hr-agent's;
//   6. introspection of the exchanged token by hr-agent (RFC 7662): act.sub must be hr-agent.
// Prints one line per step (tokens shortened to 10 characters) and exits 1 on any failure.
import * as client from 'openid-client';

const base = (process.argv[2] ?? 'http://localhost:8080/am').replace(/\/+$/, '');
const issuer = new URL(`${base}/oauth2/realms/root/realms/alpha`);
// hr-client's one registered redirection URI (seed 000) keeps the default port. openid-client
// takes the token request's redirect_uri from the callback URL it is handed, and a WHATWG URL
// drops ":443", so it would send https://www.example.com/callback; Mandate requires the value
// sent to /authorize, character for character (RFC 6749 §4.1.3 "identical"), and refuses the
// code (invalid_grant). So the authorization request leaves redirect_uri out, as RFC 6749
// §3.1.2.3 allows for a client with exactly one registered URI: Mandate redirects to that URI,
// and §4.1.3 then asks no redirect_uri match at the token endpoint.
const REDIRECT_URI = 'https://www.example.com:443/callback';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// openid-client refuses http:// endpoints unless told otherwise. The demo listens on plain http
// on localhost, so this (and only this) case allows it; an https base URL runs with the default.
const insecure = issuer.protocol === 'http:';
const insecureOptions = insecure ? { execute: [client.allowInsecureRequests] } : undefined;

const short = (token) => (typeof token === 'string' ? `${token.slice(0, 10)}…` : String(token));
const say = (line) => process.stdout.write(`${line}\n`);

async function main() {
  if (insecure) say(`note: ${issuer.origin} is plain http; openid-client's allowInsecureRequests is on (demo only)`);

  // 1. Discovery. hr-client authenticates with client_secret_basic, as it is registered.
  const hrClient = await client.discovery(issuer, 'hr-client', 'mySecret', client.ClientSecretBasic(), insecureOptions);
  const server = hrClient.serverMetadata();
  say(`1. discovery: issuer ${server.issuer}, token endpoint ${server.token_endpoint}`);
  const hrAgent = new client.Configuration(server, 'hr-agent', 'mySecret', client.ClientSecretBasic());
  if (insecure) client.allowInsecureRequests(hrAgent);

  // 2. bjensen signs in: AM's REST authentication, answered with an SSO token (tokenId).
  const login = await fetch(`${base}/json/realms/root/realms/alpha/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const session = await login.json();
  if (login.status !== 200 || typeof session.tokenId !== 'string') throw new Error(`sign-in failed: HTTP ${login.status} ${JSON.stringify(session)}`);
  say(`2. bjensen signed in: SSO token ${short(session.tokenId)} (realm ${session.realm})`);

  // 3. Authorization code with PKCE S256 and state.
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(hrClient, {
    scope: 'read',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  // The authorization request's parameters as a form POST with the consent (seed 000 step 2).
  const form = new URLSearchParams(authorizationUrl.searchParams);
  form.set('csrf', session.tokenId);
  form.set('decision', 'allow');
  const consent = await fetch(`${authorizationUrl.origin}${authorizationUrl.pathname}`, {
    method: 'POST',
    headers: { Cookie: `iPlanetDirectoryPro=${session.tokenId}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`authorization failed: HTTP ${consent.status} ${await consent.text()}`);
  const callback = new URL(location);
  if (!location.startsWith(`${REDIRECT_URI}?`)) throw new Error(`redirected to ${location.split('?')[0]}, expected ${REDIRECT_URI}`);
  say(`3. authorization: 302 to ${REDIRECT_URI} with code ${short(callback.searchParams.get('code'))}, iss ${callback.searchParams.get('iss')}, state ${callback.searchParams.get('state') === state ? 'returned' : 'missing'}`);

  // The callback URL as the browser would deliver it. openid-client checks state, iss (RFC 9207)
  // and the absence of an error, then redeems the code with the PKCE verifier.
  const user = await client.authorizationCodeGrant(hrClient, callback, { pkceCodeVerifier: codeVerifier, expectedState: state });
  say(`   bjensen's access token ${short(user.access_token)}, scope "${user.scope}", expires in ${user.expires_in}s, refresh token ${short(user.refresh_token)}`);

  // 4. Client credentials for the AI agent.
  const agent = await client.clientCredentialsGrant(hrAgent, { scope: 'read' });
  say(`4. hr-agent's access token ${short(agent.access_token)}, scope "${agent.scope}", expires in ${agent.expires_in}s`);

  // 5. Token exchange: hr-agent acts for bjensen (may_act from hr-client's may-act script).
  const exchanged = await client.genericGrantRequest(hrAgent, TOKEN_EXCHANGE, {
    scope: 'read write delete',
    subject_token: user.access_token,
    subject_token_type: ACCESS_TOKEN_TYPE,
    actor_token: agent.access_token,
    actor_token_type: ACCESS_TOKEN_TYPE,
  });
  say(`5. exchanged token ${short(exchanged.access_token)}, issued_token_type ${exchanged.issued_token_type}, scope "${exchanged.scope}", expires in ${exchanged.expires_in}s`);

  // 6. Introspection by hr-agent.
  const info = await client.tokenIntrospection(hrAgent, exchanged.access_token);
  say(`6. introspection: active ${info.active}, client_id ${info.client_id}, sub ${info.sub}, scope "${info.scope}", act ${JSON.stringify(info.act)}`);
  if (info.active !== true) throw new Error('the exchanged token is not active');
  if (info.act?.sub !== 'hr-agent') throw new Error(`act.sub is ${JSON.stringify(info.act?.sub)}, expected "hr-agent"`);
  say('act.sub = hr-agent: hr-agent acts on behalf of bjensen');
}

main().catch((error) => {
  // openid-client's errors carry the server's answer (ResponseBodyError: error, error_description, status).
  const detail = [error.code, error.status && `HTTP ${error.status}`, error.error, error.error_description].filter(Boolean).join(' ');
  process.stderr.write(`FAILED: ${error.message}${detail ? ` (${detail})` : ''}\n`);
  const { cause } = error;
  if (cause) process.stderr.write(`cause: ${cause instanceof Error ? `${cause.code ?? cause.name}: ${cause.message}` : JSON.stringify(cause)}\n`);
  process.exitCode = 1;
});
