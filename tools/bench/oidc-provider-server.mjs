// The comparison point for `npm run bench`: panva's oidc-provider 9, configured like Mandate's
// demo realm (config/demo.json) for the bench workloads:
// - the same client ids and secrets, client_secret_post, the same scopes;
// - hr-agent, data-agent, risk-agent get opaque access tokens; digital-assistant-ai-agent gets
//   JWT access tokens signed RS256 (Mandate's default algorithm);
// - introspection (a client may introspect the tokens issued to it, am-spec §7.2 rule 2);
// - RFC 8693 token exchange registered with provider.registerGrantType: the may_act path
//   (data-agent's tokens carry may_act {client_id: risk-agent, sub: (age!risk-agent)}, stamped
//   at issuance as Mandate's may-act script does) and the application-policy path
//   (digital-assistant-ai-agent on behalf of bjensen, audience digital-assistant-web-app);
// - W4: hr-client's authorization-code flow with a one-step login+consent interaction that checks
//   bjensen's password against an argon2id hash with Mandate's parameters.
// Storage: Postgres when OIDC_DATABASE_URL is set (the bench sets it), else in memory.
// Listens on 127.0.0.1:$PORT and prints "ready".
import { generateKeyPair, exportJWK } from 'jose';
import argon2 from 'argon2';
import Provider, { errors } from 'oidc-provider';
import { createPostgresAdapter } from './oidc-postgres-adapter.mjs';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const CALLBACK = 'https://www.example.com:443/callback';
const RESOURCE = 'urn:bench:api';
const JWT_CLIENTS = new Set(['digital-assistant-ai-agent']);
/** What the may-act scripts of config/demo.json stamp into the tokens of these clients. */
const MAY_ACT = { 'data-agent': { client_id: 'risk-agent', sub: '(age!risk-agent)' }, 'hr-client': { client_id: 'hr-agent', sub: '(age!hr-agent)' } };
/** config/demo.json `policies`: agent → application → who and what. */
const POLICIES = { 'digital-assistant-ai-agent': { 'digital-assistant-web-app': { subjects: ['bjensen'], permissions: ['read-data'] } } };
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const users = new Map([['bjensen', await argon2.hash('Ch4ng31t', ARGON2)]]);

const client = (client_id, scope, grant_types, extra = {}) => ({
  client_id,
  client_secret: 'mySecret',
  token_endpoint_auth_method: 'client_secret_post',
  grant_types,
  response_types: [],
  redirect_uris: [],
  scope,
  ...extra,
});

const storage = process.env.OIDC_DATABASE_URL ? await createPostgresAdapter(process.env.OIDC_DATABASE_URL) : undefined;

const provider = new Provider(issuer, {
  ...(storage ? { adapter: storage.Adapter } : {}),
  clients: [
    client('hr-agent', 'read write delete', ['client_credentials', TOKEN_EXCHANGE]),
    client('data-agent', 'read write delete', ['client_credentials']),
    client('risk-agent', 'read write delete', ['client_credentials', TOKEN_EXCHANGE]),
    client('digital-assistant-ai-agent', 'read-data', ['client_credentials', TOKEN_EXCHANGE]),
    client('digital-assistant-web-app', 'openid read-data write-data admin-action', ['authorization_code']),
    client('hr-client', 'read write delete', ['authorization_code', 'refresh_token'], { response_types: ['code'], redirect_uris: [CALLBACK] }),
  ],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'read', 'write', 'delete', 'read-data', 'write-data', 'admin-action'],
  ttl: { AccessToken: 3600, ClientCredentials: 3600 },
  findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  // Mandate issues a refresh token with every authorization code grant (seed 000): so does this.
  issueRefreshToken: async (_ctx, c) => c.grantTypeAllowed('refresh_token'),
  extraTokenClaims: async (ctx, token) => {
    const claims = {};
    if (MAY_ACT[token.clientId]) claims.may_act = MAY_ACT[token.clientId];
    if (ctx?.benchAct) claims.act = ctx.benchAct;
    return Object.keys(claims).length ? claims : undefined;
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: async (_ctx, c, token) => token.clientId === c.clientId },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, _resource, c) => ({
        scope: 'read write delete read-data write-data admin-action',
        accessTokenFormat: JWT_CLIENTS.has(c.clientId) ? 'jwt' : 'opaque',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.proxy = false;

async function findAccessToken(value) {
  return (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
}

const subjectOf = (token) => token.accountId ?? token.clientId;
const plain = (id) => /^\((?:age|usr)!(.*)\)$/.exec(id)?.[1] ?? id;
const list = (v) => (Array.isArray(v) ? v : [v]);

// RFC 8693 token exchange, the two paths of am-spec §5.4 (may_act) and §5.9 (application policy).
provider.registerGrantType(
  TOKEN_EXCHANGE,
  async (ctx) => {
    const { params, client: acting } = ctx.oidc;
    const refused = () => new errors.InvalidRequest('Invalid token exchange.');
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE) throw refused();
    if (params.actor_token && params.actor_token_type !== ACCESS_TOKEN_TYPE) throw refused();
    const subject = await findAccessToken(params.subject_token);
    if (!subject || subject.isExpired) throw refused();
    const actor = params.actor_token ? await findAccessToken(params.actor_token) : undefined;
    if (params.actor_token && (!actor || actor.isExpired)) throw refused();
    const requested = (params.scope ?? '').split(' ').filter(Boolean);

    let scope;
    let act;
    const policy = params.audience ? POLICIES[acting.clientId]?.[params.audience] : undefined;
    if (policy) {
      if (!policy.subjects.includes(subjectOf(subject))) throw refused();
      if (!requested.every((s) => policy.permissions.includes(s))) throw new errors.InvalidScope('requested scope is not permitted');
      scope = requested.join(' ') || policy.permissions.join(' ');
      act = { sub: acting.clientId };
    } else {
      const mayAct = subject.extra?.may_act;
      if (!mayAct || !list(mayAct.client_id).includes(acting.clientId)) throw refused();
      if (actor && !list(mayAct.sub).map(plain).includes(subjectOf(actor))) throw refused();
      const allowed = acting.scope.split(' ');
      if (!requested.every((s) => allowed.includes(s))) throw new errors.InvalidScope('requested scope is not allowed');
      scope = requested.join(' ') || undefined;
      act = actor ? { sub: subjectOf(actor) } : undefined;
    }

    const token = new provider.AccessToken({ accountId: subjectOf(subject), client: acting, scope, gty: TOKEN_EXCHANGE, grantId: subject.grantId });
    token.resourceServer = new provider.ResourceServer(RESOURCE, {
      scope: 'read write delete read-data write-data admin-action',
      accessTokenFormat: JWT_CLIENTS.has(acting.clientId) ? 'jwt' : 'opaque',
      jwt: { sign: { alg: 'RS256' } },
    });
    if (params.audience) token.aud = [acting.clientId, params.audience]; // am-spec §5.7: [acting client, audience]
    ctx.benchAct = act;
    const value = await token.save();
    ctx.body = { access_token: value, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: token.expiration, scope };
  },
  ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'scope', 'audience', 'requested_token_type'],
);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

provider.use(async (ctx, next) => {
  // W4: one POST logs in and consents, as Mandate's /json/authenticate + decision=allow do.
  const login = /^\/interaction\/([^/]+)\/login$/.exec(ctx.path);
  if (ctx.method === 'POST' && login) {
    const { username, password } = await readForm(ctx.req);
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const hash = users.get(username);
    if (!hash || !(await argon2.verify(hash, password))) {
      ctx.status = 401;
      ctx.body = { error: 'login failed' };
      return;
    }
    const grant = new provider.Grant({ accountId: username, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    grant.addResourceScope(RESOURCE, details.params.scope);
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: username }, consent: { grantId } }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.set('location', returnTo);
    ctx.body = '';
    return;
  }
  // The interaction page: no HTML here, the prompt details (what W4's login POST answers).
  if (ctx.method === 'GET' && /^\/interaction\/[^/]+$/.test(ctx.path)) {
    const { prompt, params } = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.body = { prompt, params };
    return;
  }
  // The subject token of W3's policy path: bjensen's token for digital-assistant-web-app, as seed
  // 003 gets it with the password grant (which oidc-provider does not offer), minted directly.
  if (ctx.method === 'POST' && ctx.path === '/bench/user-token') {
    const webApp = await provider.Client.find('digital-assistant-web-app');
    const grant = new provider.Grant({ accountId: 'bjensen', clientId: webApp.clientId });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    const token = new provider.AccessToken({ accountId: 'bjensen', client: webApp, scope: 'openid', grantId, gty: 'password' });
    ctx.body = { access_token: await token.save() };
    return;
  }
  return next();
});

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
const stop = () => server.close(async () => {
  await storage?.close();
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
