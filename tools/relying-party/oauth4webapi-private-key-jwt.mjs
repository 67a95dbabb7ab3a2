#!/usr/bin/env node
// An AI agent that holds a private key and no shared secret, run by oauth4webapi (panva),
// unmodified, against Mandate's realm alpha:
//
//   MANDATE_AGENT_JWK='<private JWK>' node tools/relying-party/oauth4webapi-private-key-jwt.mjs <baseUrl> <agent id> <user access token>
//
// The agent must have `tokenEndpointAuthMethod: private_key_jwt` and the public half of the key
// in its `jwkSet` or at its `jwksUri`. Every request authenticates with PrivateKeyJwt (RFC 7523
// §2.2: a fresh assertion, aud the issuer, a new jti). Steps:
//   1. discovery: private_key_jwt advertised for the token, introspection and revocation endpoints;
//   2. client_credentials (scope read);
//   3. introspection of that token;
//   4. token exchange (RFC 8693): the user's token as subject, the agent's as actor;
//   5. revocation of the exchanged token, then introspection says it is inactive;
//   6. the same exchange with a DPoP proof (RFC 9449) of a key pair of the agent's: a DPoP-bound
//      delegated token whose cnf.jkt is that key's thumbprint, still with no shared secret.
// Prints one line per step and exits 1 on any failure.
import * as oauth from 'oauth4webapi';
import { calculateJwkThumbprint, exportJWK } from 'jose';

const [baseArg, clientId, userToken] = process.argv.slice(2);
const jwk = process.env.MANDATE_AGENT_JWK;
if (!baseArg || !clientId || !userToken || !jwk) throw new Error('usage: MANDATE_AGENT_JWK=<jwk> oauth4webapi-private-key-jwt.mjs <baseUrl> <agent id> <user access token>');
const issuer = new URL(`${baseArg.replace(/\/+$/, '')}/oauth2/realms/root/realms/alpha`);
// oauth4webapi refuses http:// unless told; the test stack listens on plain http on loopback.
const insecure = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const say = (line) => process.stdout.write(`${line}\n`);
const AT = 'urn:ietf:params:oauth:token-type:access_token';

async function main() {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  for (const m of ['token_endpoint_auth_methods_supported', 'introspection_endpoint_auth_methods_supported', 'revocation_endpoint_auth_methods_supported']) {
    if (!as[m]?.includes('private_key_jwt')) throw new Error(`${m} lacks private_key_jwt`);
  }
  say(`1. discovery: private_key_jwt with ${as.token_endpoint_auth_signing_alg_values_supported.join(' ')}`);

  const { kid, alg, ...material } = JSON.parse(jwk);
  const key = await crypto.subtle.importKey('jwk', material, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const auth = oauth.PrivateKeyJwt({ key, kid });
  const client = { client_id: clientId };

  const cc = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'read' }, insecure));
  say(`2. client_credentials: scope "${cc.scope}", token_type ${cc.token_type}`);

  const seen = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, cc.access_token, insecure));
  say(`3. introspection: active ${seen.active}, client_id ${seen.client_id}`);

  const exchanged = await oauth.processGenericTokenEndpointResponse(
    as,
    client,
    await oauth.genericTokenEndpointRequest(as, client, auth, 'urn:ietf:params:oauth:grant-type:token-exchange', { subject_token: userToken, subject_token_type: AT, actor_token: cc.access_token, actor_token_type: AT, scope: 'read' }, insecure),
  );
  const claims = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, exchanged.access_token, insecure));
  say(`4. token exchange: issued_token_type ${exchanged.issued_token_type}, act ${JSON.stringify(claims.act)}`);

  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, exchanged.access_token, insecure));
  const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, exchanged.access_token, insecure));
  say(`5. revoked: active ${after.active}`);

  const dpopKeys = await oauth.generateKeyPair('ES256');
  const jkt = await calculateJwkThumbprint(await exportJWK(dpopKeys.publicKey));
  const DPoP = oauth.DPoP(client, dpopKeys);
  const bound = await oauth.processGenericTokenEndpointResponse(
    as,
    client,
    await oauth.genericTokenEndpointRequest(as, client, auth, 'urn:ietf:params:oauth:grant-type:token-exchange', { subject_token: userToken, subject_token_type: AT, actor_token: cc.access_token, actor_token_type: AT, scope: 'read' }, { DPoP, ...insecure }),
  );
  const boundClaims = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, bound.access_token, insecure));
  const keyMatches = boundClaims.cnf?.jkt === jkt ? 'the agent key' : `another key (${boundClaims.cnf?.jkt})`;
  say(`6. DPoP-bound token exchange: token_type ${bound.token_type}, cnf.jkt ${keyMatches}, act ${JSON.stringify(boundClaims.act)}`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n${error.cause ? JSON.stringify(error.cause) : ''}\n`);
  process.exit(1);
});
