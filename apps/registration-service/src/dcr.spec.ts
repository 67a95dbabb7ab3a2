import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type ConfigChangedEvent, ServiceNames, Messages, type RequestMessage, type SentBy } from '@mandate/contracts';
import { sha256Base64url } from '@mandate/crypto';
import { OAuthError } from '@mandate/oauth';
import { PersistenceModule, registrationStorage } from '@mandate/persistence';
import { closeScriptPool } from '@mandate/scripting';
import {
  ConfigCacheModule,
  ConfigCaches,
  PlatformModule,
  RpcErrorFilter,
  configProvider,
  createLogger,
  issuerConfig,
  loadConfig,
  serverOptions,
  transportConfig,
} from '@mandate/platform';
import { type LocalNats, type LocalPostgres, startLocalNats, startLocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { DCR_HANDLERS, DCR_PROVIDERS } from './dcr/dcr.parts';
import { REALM_CONFIG_HANDLERS, REALM_CONFIG_PROVIDERS } from './realm-config/realm-config.parts';
import { RealmService } from './realms/realm.service';
import { ADMIN_TOKEN, SessionValidateFakeHandler } from './test/session-validate-fake.handler';
import { READ_ONLY_TOKEN, REFRESH_TOKEN, REGISTRAR_TOKEN, TokenResolveFakeHandler } from './test/token-resolve-fake.handler';
import { CatalogueCallers, servePeerFakes } from './test/peer-fakes';

jest.setTimeout(90_000);

// Issue 7: dynamic client registration over the real NATS transport, real Postgres.

const TX = 'urn:ietf:params:oauth:grant-type:token-exchange';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const ISSUER = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';
const MAY_ACT_ID = '4478ca08-5a2a-4b1a-adee-d57c5c032d72';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** seed 002 "Create the DCR script", verbatim. */
const SEED_DCR = `if (operation === "CREATE" && clientIdentity.isAIAgent()) {
    clientIdentity.setAttribute("providerOverridesEnabled", ["true"]);
    clientIdentity.setAttribute("accessTokenMayActScript",["${MAY_ACT_ID}"]);
    clientIdentity.setAttribute("statelessTokensEnabled", ["true"]);
    clientIdentity.store();
};
`;
/** seed 002 "Register the AI agent", the request body. */
const SEED_BODY = {
  grant_types: ['client_credentials', TX],
  client_name: 'software agent',
  response_types: ['token'],
  redirect_uris: ['https://www.example.com:443/callback'],
  scopes: ['read', 'write'],
};

const SEED_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', TX];
const SEED_SCOPES = ['read', 'write', 'openid', 'profile'];

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('dynamic client registration over NATS', () => {
  let pg: LocalPostgres;
  let nats: LocalNats;
  let moduleRef: TestingModule;
  let app: INestMicroservice;
  let rpc: CatalogueCallers;
  let fakes: INestMicroservice[] = [];
  let db: DataSource;
  const events: ConfigChangedEvent[] = [];
  const saved: Record<string, string | undefined> = {};

  const admin = <M extends RequestMessage>(message: M, payload: Record<string, unknown>) =>
    rpc.request(message, { realm: '/alpha', tokenId: ADMIN_TOKEN, ...payload } as SentBy<M>);
  /** Provider settings as seed 002 needs them: its scopes and token exchange allowed for registration. */
  const provider = (clientDynamicRegistrationConfig: Record<string, unknown>, advancedOAuth2Config: Record<string, unknown> = {}) =>
    providerAsIs({ dynamicClientRegistrationGrantTypes: SEED_GRANTS, ...clientDynamicRegistrationConfig }, { supportedScopes: SEED_SCOPES, ...advancedOAuth2Config });
  /** Provider settings with only what is given, the rest at their defaults. */
  const providerAsIs = (clientDynamicRegistrationConfig: Record<string, unknown>, advancedOAuth2Config: Record<string, unknown> = {}) =>
    admin(Messages.registration.adminProviderReplace, { body: { clientDynamicRegistrationConfig, advancedOAuth2Config } });
  /** A DCR message as the gateway would send it, with `extra` (a body, a client id, odd cases) over it: typed by whichever message it goes with. */
  const request = (extra: Record<string, unknown>) => ({ realm: '/alpha', endpoint: 'aiagent/register', params: {}, headers: { 'content-type': ['application/json'] }, ...extra }) as never;
  const register = (body: unknown, extra: Record<string, unknown> = {}) =>
    rpc.request(Messages.registration.dcrRegister, request({ body, ...extra }));
  const clientEvents = () => events.filter((e) => e.kind === 'client').length;
  const rows = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM "registration"."${table}"`))[0].n);

  beforeAll(async () => {
    pg = await startLocalPostgres();
    // The bus enforces the generated identities and permissions, as in production.
    nats = await startLocalNats({ secure: true });
    for (const [k, v] of Object.entries({ MANDATE_TRANSPORT: 'nats', NATS_URL: nats.url, ...nats.env('registration-service'), RPC_TIMEOUT_MS: '10000', LOG_LEVEL: 'silent', MANDATE_IMPORT: undefined, AM_BASE_URL: 'https://am.example.com:8443/am' })) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forService(ServiceNames.registration, { database: true }),
        PersistenceModule.forService(registrationStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })),
        ConfigCacheModule,
      ],
      // The fakes answer authn.session.validate and token.resolve beside the real handlers.
      controllers: [...REALM_CONFIG_HANDLERS, ...DCR_HANDLERS],
      providers: [configProvider(issuerConfig), RealmService, ...REALM_CONFIG_PROVIDERS, ...DCR_PROVIDERS],
    }).compile();
    db = moduleRef.get(DataSource);
    const config = loadConfig(transportConfig);
    app = moduleRef.createNestMicroservice(serverOptions(config, 'registration-service'));
    app.useLogger(false);
    app.useGlobalFilters(new RpcErrorFilter(createLogger('registration-service', 'silent')));
    await app.listen();
    // The fakes answer authn.session.validate and token.resolve as authn- and token-service.
    fakes = await servePeerFakes(config, nats, [
      ['authn-service', SessionValidateFakeHandler],
      ['token-service', TokenResolveFakeHandler],
    ]);
    rpc = new CatalogueCallers(config, nats);
    moduleRef.get(ConfigCaches).onChange((event) => events.push(event));

    // seed 002: the may-act script (by _id), the DCR script, the provider's DCR settings.
    const script = (name: string, context: string, source: string) => ({ name, script: b64(source), language: 'JAVASCRIPT', context, evaluatorVersion: '2.0' });
    await admin(Messages.registration.adminScriptPut, {
      id: MAY_ACT_ID,
      createOnly: true,
      body: script('Software agent may act script', 'OAUTH2_MAY_ACT_NEXT_GEN', 'token.setMayAct({client_id: clientProperties.clientId});'),
    });
    await admin(Messages.registration.adminScriptCreate, { body: script('Software agent DCR script', 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION', SEED_DCR) });
    await admin(Messages.registration.adminScriptCreate, { body: script('Throwing DCR script', 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION', 'throw new Error("no agents today");') });
    await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' });
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await Promise.all(fakes.map((f) => f.close()));
    await moduleRef?.close();
    await closeScriptPool(); // the DCR scripts ran in the process's worker pool
    await nats?.stop();
    await pg?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('registers seed 002’s AI agent: the profile reflects what the DCR script stored', async () => {
    const profile = await register(SEED_BODY);
    const clientId = profile['client_id'] as string;
    expect(profile).toEqual({
      authorization_signed_response_alg: 'RS256',
      request_object_encryption_alg: '',
      introspection_encrypted_response_alg: 'RSA-OAEP-256',
      default_max_age: 0,
      application_type: 'web',
      introspection_encrypted_response_enc: 'A128CBC-HS256',
      introspection_signed_response_alg: 'RS256',
      providerOverridesEnabled: true,
      userinfo_encrypted_response_enc: '',
      registration_client_uri: `${ISSUER}/aiagent/register?client_id=${clientId}`,
      client_type: 'Confidential',
      userinfo_encrypted_response_alg: '',
      registration_access_token: expect.stringMatching(TOKEN),
      token_endpoint_auth_method: 'client_secret_basic',
      userinfo_signed_response_alg: '',
      client_id: expect.stringMatching(UUID),
      enableApplicationContext: false,
      public_key_selector: 'x509',
      scope: 'read write',
      require_pushed_authorization_requests: false,
      authorization_code_lifetime: 0,
      client_secret: expect.stringMatching(TOKEN),
      user_info_response_format_selector: 'JSON',
      tls_client_certificate_bound_access_tokens: false,
      backchannel_logout_session_required: false,
      client_name: 'software agent',
      grant_types: ['client_credentials', TX],
      jwt_token_lifetime: 0,
      id_token_encryption_enabled: false,
      redirect_uris: ['https://www.example.com:443/callback'],
      jwks_cache_miss_cache_time: 60000,
      jwks_cache_timeout: 3600000,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A128CBC-HS256',
      client_secret_expires_at: 0,
      access_token_lifetime: 0,
      refresh_token_lifetime: 0,
      scopes: ['read', 'write'],
      request_object_signing_alg: '',
      response_types: ['token'],
    });

    const view = await rpc.request(Messages.registration.clientGet, { realm: '/alpha', clientId });
    expect(view).toMatchObject({ agentType: 'AIAgent', providerOverridesEnabled: true, statelessTokensEnabled: true, accessTokenMayActScript: MAY_ACT_ID, scopes: ['read', 'write'] });
    expect(events).toContainEqual({ realm: '/alpha', kind: 'client', id: clientId });
  });

  it('stores the client secret as argon2id and the registration access token as its SHA-256, never the values', async () => {
    const profile = await register(SEED_BODY);
    const [row] = await db.query(
      `SELECT c."secret_hash", t."token_hash" FROM "registration"."clients" c
       JOIN "registration"."registration_access_tokens" t USING ("realm_id", "client_id") WHERE c."client_id" = $1`,
      [profile['client_id']],
    );
    expect(row.secret_hash).toMatch(/^\$argon2id\$/);
    expect(row.token_hash).toBe(sha256Base64url(profile['registration_access_token'] as string));
    const everything = JSON.stringify(await db.query(`SELECT * FROM "registration"."clients" WHERE "client_id" = $1`, [profile['client_id']]));
    expect(everything).not.toContain(profile['client_secret'] as string);
  });

  it('gives an OAuth2 client registered at /register no overrides from the seed script (it is not an AI agent)', async () => {
    const profile = await register({ redirect_uris: ['https://app.example.com/cb'], scope: 'openid profile' }, { endpoint: 'register' });
    expect(profile).toMatchObject({
      providerOverridesEnabled: false,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid profile',
      scopes: ['openid', 'profile'],
      registration_client_uri: `${ISSUER}/register?client_id=${profile['client_id']}`,
    });
    const view = await rpc.request(Messages.registration.clientGet, { realm: '/alpha', clientId: profile['client_id'] as string });
    expect(view).toMatchObject({ agentType: 'OAuth2Client', statelessTokensEnabled: false });
  });

  it('reads, replaces (rotating the registration access token) and deletes a registration with its token', async () => {
    const created = await register(SEED_BODY);
    const clientId = created['client_id'] as string;
    const manage = (accessToken: string | undefined, extra: Record<string, unknown> = {}) => request({ clientId, accessToken, ...extra });

    const read = await rpc.request(Messages.registration.dcrRead, manage(created['registration_access_token'] as string));
    const { client_secret: _secret, registration_access_token: _rat, registration_client_uri: _uri, ...profile } = created;
    expect(read).toEqual(profile);

    const updated = await rpc.request(
      Messages.registration.dcrUpdate,
      manage(created['registration_access_token'] as string, { body: { ...SEED_BODY, client_id: clientId, scope: 'read', scopes: undefined } }));
    expect(updated).toMatchObject({ client_id: clientId, scope: 'read', scopes: ['read'], providerOverridesEnabled: true, registration_access_token: expect.stringMatching(TOKEN) });
    expect(updated['registration_access_token']).not.toBe(created['registration_access_token']);
    expect(updated).not.toHaveProperty('client_secret');

    const stale = await rejectionOf(rpc.request(Messages.registration.dcrRead, manage(created['registration_access_token'] as string)));
    expect(stale).toMatchObject({ status: 401, code: 'invalid_token', headers: { 'WWW-Authenticate': 'Bearer realm="oauth2", error="invalid_token"' } });

    await expect(rpc.request(Messages.registration.dcrDelete, manage(updated['registration_access_token'] as string))).resolves.toEqual({ deleted: true });
    expect(await db.query(`SELECT 1 FROM "registration"."registration_access_tokens" WHERE "client_id" = $1`, [clientId])).toEqual([]);
    const gone = await rejectionOf(rpc.request(Messages.registration.dcrRead, manage(updated['registration_access_token'] as string)));
    expect(gone).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('refuses an AI agent’s token at the OAuth2 client endpoint, and no token at all', async () => {
    const created = await register(SEED_BODY);
    const clientId = created['client_id'] as string;
    for (const extra of [{ endpoint: 'register', accessToken: created['registration_access_token'] }, { accessToken: undefined }, { accessToken: 'guess' }]) {
      const error = await rejectionOf(rpc.request(Messages.registration.dcrRead, request({ clientId, ...extra })));
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_token', description: 'The access token provided is expired, revoked, malformed, or invalid for other reasons.' });
    }
  });

  it('refuses metadata with RFC 7591 errors naming the field', async () => {
    const cases: Array<[unknown, string, string]> = [
      [[1, 2], 'invalid_client_metadata', 'The registration request must be a JSON object'],
      [{ ...SEED_BODY, grant_types: ['magic'] }, 'invalid_client_metadata', 'grant_types: unsupported grant type magic'],
      [{ ...SEED_BODY, response_types: ['code'] }, 'invalid_client_metadata', 'response_types: the code response type needs the authorization_code grant type'],
      [{ ...SEED_BODY, redirect_uris: ['/callback'] }, 'invalid_redirect_uri', 'redirect_uris: /callback is not an absolute URI'],
    ];
    for (const [body, code, description] of cases) {
      const error = await rejectionOf(register(body));
      expect(error).toMatchObject({ status: 400, code, description });
    }
  });

  it('refuses scopes outside the provider’s registration allowlist, and gives the provider’s default scopes to a request for none', async () => {
    await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' }, { supportedScopes: ['read|Read access', 'write'], defaultScopes: ['read'] });
    try {
      const error = await rejectionOf(register({ ...SEED_BODY, scopes: ['read', 'delete'] }));
      expect(error).toMatchObject({ status: 400, code: 'invalid_client_metadata', description: 'scope: not allowed for registration: delete' });
      const defaulted = await register({ ...SEED_BODY, scopes: undefined });
      expect(defaulted).toMatchObject({ scope: 'read', scopes: ['read'] });
    } finally {
      await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' });
    }
  });

  describe('open registration with the provider’s default allowlists (issue 17)', () => {
    beforeAll(() => providerAsIs({ allowDynamicRegistration: true }));
    afterAll(() => provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' }));

    it('refuses an anonymous registration asking for scopes the provider never offered, and stores nothing', async () => {
      const clients = await rows('clients');
      const body = { grant_types: ['client_credentials'], scope: 'admin-action logs-read read-data am-admin', client_name: 'grab' };
      const error = await rejectionOf(register(body, { endpoint: 'register' }));
      expect(error).toMatchObject({ status: 400, code: 'invalid_client_metadata', description: 'scope: not allowed for registration: admin-action logs-read read-data am-admin' });
      expect(await rows('clients')).toBe(clients);
    });

    it('refuses the password grant and token exchange, which the default DCR grant allowlist leaves out', async () => {
      for (const grant of ['password', TX]) {
        const error = await rejectionOf(register({ grant_types: ['client_credentials', grant] }, { endpoint: 'register' }));
        expect(error).toMatchObject({ status: 400, code: 'invalid_client_metadata', description: `grant_types: not allowed for registration: ${grant}` });
      }
    });

    it('registers a client that asks for no scope with the provider’s default scopes, here none', async () => {
      const profile = await register({ grant_types: ['client_credentials'] }, { endpoint: 'register' });
      expect(profile).toMatchObject({ grant_types: ['client_credentials'], scope: '', scopes: [] });
    });
  });

  describe('a DCR script changing scopes and grant types', () => {
    let scripts = 0;
    const withScript = async (source: string) => {
      const name = `Allowlist DCR script ${++scripts}`;
      await admin(Messages.registration.adminScriptCreate, { body: { name, script: b64(source), language: 'JAVASCRIPT', context: 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION', evaluatorVersion: '2.0' } });
      await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: name });
    };
    afterAll(() => provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' }));

    it('narrows and widens within the provider’s allowlists', async () => {
      await withScript('clientIdentity.setAttribute("scopes", ["read", "openid"]); clientIdentity.setAttribute("grantTypes", ["client_credentials"]); clientIdentity.store();');
      const profile = await register(SEED_BODY);
      expect(profile).toMatchObject({ scopes: ['read', 'openid'], grant_types: ['client_credentials'] });
    });

    it.each([
      ['a scope', 'clientIdentity.setAttribute("scopes", ["read", "am-admin"]); clientIdentity.store();'],
      ['a grant type', 'clientIdentity.setAttribute("grantTypes", ["client_credentials", "password"]); clientIdentity.store();'],
    ])('cannot add %s beyond the allowlists: 500 and no client', async (_what, source) => {
      await withScript(source);
      const clients = await rows('clients');
      const error = await rejectionOf(register(SEED_BODY));
      expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'Error running dynamic client registration script' });
      expect(await rows('clients')).toBe(clients);
    });
  });

  it('answers 500 server_error for a DCR script that throws and leaves no client behind', async () => {
    await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Throwing DCR script' });
    try {
      const [clients, tokens, announced] = [await rows('clients'), await rows('registration_access_tokens'), clientEvents()];
      const error = await rejectionOf(register(SEED_BODY));
      expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'Error running dynamic client registration script' });
      expect([await rows('clients'), await rows('registration_access_tokens'), clientEvents()]).toEqual([clients, tokens, announced]);
    } finally {
      await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' });
    }
  });

  describe('with open registration off', () => {
    beforeAll(() => provider({ allowDynamicRegistration: false, dynamicClientRegistrationScript: 'Software agent DCR script' }));
    afterAll(() => provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' }));

    it('answers 401 invalid_token without an access token, for an unknown one and for a refresh token', async () => {
      const missing = await rejectionOf(register(SEED_BODY));
      expect(missing).toMatchObject({ status: 401, code: 'invalid_token', description: 'Dynamic client registration requires an access token' });
      for (const accessToken of ['unknown-token', REFRESH_TOKEN]) {
        const error = await rejectionOf(register(SEED_BODY, { accessToken }));
        expect(error).toMatchObject({ status: 401, code: 'invalid_token', headers: { 'WWW-Authenticate': 'Bearer realm="oauth2", error="invalid_token"' } });
      }
    });

    it('answers 403 insufficient_scope for an access token without the registration scope', async () => {
      const error = await rejectionOf(register(SEED_BODY, { accessToken: READ_ONLY_TOKEN }));
      expect(error).toMatchObject({
        status: 403,
        code: 'insufficient_scope',
        description: 'The access token does not carry the scope dynamic_client_registration',
        headers: { 'WWW-Authenticate': 'Bearer realm="oauth2", error="insufficient_scope", scope="dynamic_client_registration"' },
      });
    });

    describe('initial access tokens an administrator created (RFC 7591 §3)', () => {
      const create = (body: Record<string, unknown>, tokenId = ADMIN_TOKEN) =>
        rpc.request(Messages.registration.adminInitialTokenCreate, { realm: '/alpha', tokenId, body });
      const list = () => rpc.request(Messages.registration.adminInitialTokenQuery, { realm: '/alpha', tokenId: ADMIN_TOKEN });

      it('registers with one, as many times as it allows, then answers 401 invalid_token', async () => {
        const created = await create({ maxUses: 2, expiresIn: 3600 });
        expect(created).toEqual({
          _id: expect.stringMatching(UUID),
          _rev: '0',
          token: expect.stringMatching(TOKEN),
          expiresAt: expect.any(String),
          maxUses: 2,
          uses: 0,
          createdBy: expect.any(String),
          createdAt: expect.any(String),
        });
        const accessToken = created['token'] as string;
        for (let i = 0; i < 2; i++) expect(await register(SEED_BODY, { accessToken })).toMatchObject({ client_id: expect.stringMatching(UUID) });
        const spent = await rejectionOf(register(SEED_BODY, { accessToken }));
        expect(spent).toMatchObject({ status: 401, code: 'invalid_token', description: 'The access token provided is expired, revoked, malformed, or invalid for other reasons.' });
        const listed = (await list()).result.find((t) => t['_id'] === created['_id']);
        expect(listed).toMatchObject({ uses: 2, maxUses: 2 });
        expect(listed).not.toHaveProperty('token');
      });

      it('answers a retry with a one-use token and its Idempotency-Key with the first answer, though the token is spent (issue 25)', async () => {
        const accessToken = (await create({ maxUses: 1 }))['token'] as string;
        const idempotencyKey = 'c7d1a0b2-1e4f-4a57-8c39-2f6d5b8e9a10';
        const first = await register(SEED_BODY, { accessToken, idempotencyKey });
        expect(await register(SEED_BODY, { accessToken, idempotencyKey })).toEqual(first);
        // Without the key, the spent token registers nothing more.
        expect(await rejectionOf(register(SEED_BODY, { accessToken }))).toMatchObject({ status: 401, code: 'invalid_token' });
      });

      it('answers an administrator’s retry with the same Idempotency-Key with the first answer, token included, creating one (issue 25)', async () => {
        const idempotencyKey = '0d6b3c9e-7a41-4f2e-b8d5-61c0e9a7f3b4';
        const createWithKey = (body: Record<string, unknown>) =>
          rpc.request(Messages.registration.adminInitialTokenCreate, { realm: '/alpha', tokenId: ADMIN_TOKEN, body, idempotencyKey });
        const before = await rows('initial_access_tokens');
        const first = await createWithKey({ maxUses: 3 });
        expect(first).toMatchObject({ token: expect.stringMatching(TOKEN), maxUses: 3 });
        expect(await createWithKey({ maxUses: 3 })).toEqual(first);
        expect(await rows('initial_access_tokens')).toBe(before + 1);
        const reused = await rejectionOf(createWithKey({ maxUses: 4 }));
        expect(reused).toMatchObject({ status: 422, description: 'Idempotency-Key was already used for a different request' });
        expect(await rows('initial_access_tokens')).toBe(before + 1);
        // The token given again is the one stored.
        expect(await register(SEED_BODY, { accessToken: first['token'] })).toMatchObject({ client_id: expect.stringMatching(UUID) });
      });

      it('stores only the SHA-256 of the token', async () => {
        const created = await create({});
        const [row] = await db.query(`SELECT * FROM "registration"."initial_access_tokens" WHERE "id" = $1`, [created['_id']]);
        expect(row.token_hash).toBe(sha256Base64url(created['token'] as string));
        expect(JSON.stringify(row)).not.toContain(created['token'] as string);
      });

      it('refuses an expired or deleted one, and spends no use on a refused registration', async () => {
        const expiring = await create({ maxUses: 1 });
        const refused = await rejectionOf(register({ ...SEED_BODY, scopes: ['am-admin'] }, { accessToken: expiring['token'] }));
        expect(refused).toMatchObject({ status: 400, code: 'invalid_client_metadata' });
        await db.query(`UPDATE "registration"."initial_access_tokens" SET "expires_at" = now() - interval '1 second' WHERE "id" = $1`, [expiring['_id']]);
        expect(await rejectionOf(register(SEED_BODY, { accessToken: expiring['token'] }))).toMatchObject({ status: 401, code: 'invalid_token' });

        const deleted = await create({});
        await expect(rpc.request(Messages.registration.adminInitialTokenDelete, { realm: '/alpha', tokenId: ADMIN_TOKEN, id: deleted['_id'] as string })).resolves.toEqual({});
        expect(await rejectionOf(register(SEED_BODY, { accessToken: deleted['token'] }))).toMatchObject({ status: 401, code: 'invalid_token' });
        expect(await rejectionOf(rpc.request(Messages.registration.adminInitialTokenDelete, { realm: '/alpha', tokenId: ADMIN_TOKEN, id: deleted['_id'] as string }))).toMatchObject({ status: 404 });
      });

      it('is for amadmin only, and refuses a bad body naming the member', async () => {
        expect(await rejectionOf(create({}, 'not-a-session'))).toMatchObject({ status: 401 });
        expect(await rejectionOf(create({ maxUses: 0, expiresIn: 'soon' }))).toMatchObject({
          status: 400,
          description: 'Invalid attribute specified: expiresIn must be a whole number of seconds, 1 or more; maxUses must be a whole number of registrations, 1 or more',
        });
      });
    });

    it('registers with an access token carrying dynamic_client_registration', async () => {
      const profile = await register(SEED_BODY, { accessToken: REGISTRAR_TOKEN });
      expect(profile).toMatchObject({ client_id: expect.stringMatching(UUID), providerOverridesEnabled: true, scopes: ['read', 'write'] });
    });
  });
  describe('Idempotency-Key on registration (issue 25 item 1)', () => {
    const key = (n: number) => `6f1c2e0a-8d3b-4c4f-9a51-0b7b8e9f2a${String(n).padStart(2, '0')}`;
    const withKey = (idempotencyKey: string, body: unknown = SEED_BODY, extra: Record<string, unknown> = {}) => register(body, { idempotencyKey, ...extra });
    const counts = async () => [await rows('clients'), await rows('registration_access_tokens'), await rows('idempotent_replies')];
    const keyHashes = async () => new Set((await db.query(`SELECT "key_hash" FROM "registration"."idempotent_replies"`)).map((r: { key_hash: string }) => r.key_hash));
    /** The answer of a first create, and the key_hash of the row it claimed. */
    const firstWith = async (idempotencyKey: string) => {
      const before = await keyHashes();
      const answer = await withKey(idempotencyKey);
      const claimed = [...(await keyHashes())].filter((h) => !before.has(h));
      expect(claimed).toHaveLength(1);
      return { answer, keyHash: claimed[0] };
    };

    it('answers a retry with the first answer, secret and registration access token included, and writes one client', async () => {
      const [clients, tokens, replies] = await counts();
      const first = await withKey(key(1));
      expect(first).toMatchObject({ client_id: expect.stringMatching(UUID), client_secret: expect.stringMatching(TOKEN), registration_access_token: expect.stringMatching(TOKEN) });
      const again = await withKey(key(1));
      expect(again).toEqual(first);
      expect(await counts()).toEqual([clients + 1, tokens + 1, replies + 1]);
      // The answer given again works: its registration access token reads the client.
      const read = await rpc.request(Messages.registration.dcrRead, request({ clientId: first['client_id'], accessToken: first['registration_access_token'] }));
      expect(read['client_id']).toBe(first['client_id']);
    });

    it('refuses the same key with another request: 422, nothing written', async () => {
      await withKey(key(2));
      const before = await counts();
      const refused = await rejectionOf(withKey(key(2), { ...SEED_BODY, client_name: 'another agent' }));
      expect(refused).toMatchObject({ status: 422, code: 'invalid_request', description: 'Idempotency-Key was already used for a different request' });
      expect(await rejectionOf(withKey(key(2), SEED_BODY, { params: { extra: ['1'] } }))).toMatchObject({ status: 422 });
      expect(await counts()).toEqual(before);
    });

    it('keeps the answer sealed at rest: neither the secret, the registration access token nor the key is in the row', async () => {
      const { answer: first, keyHash } = await firstWith(key(3));
      const [row] = await db.query(`SELECT * FROM "registration"."idempotent_replies" WHERE "key_hash" = $1`, [keyHash]);
      const stored = JSON.stringify(row);
      for (const secret of [first['client_secret'], first['registration_access_token'], key(3)]) expect(stored).not.toContain(secret as string);
      expect(row.reply).toMatchObject({ alg: 'A256GCM' });
      // A changed byte does not open: the retry fails closed (500), it answers no other secret.
      await db.query(`UPDATE "registration"."idempotent_replies" SET "reply" = jsonb_set("reply", '{ct}', to_jsonb('AAAA' || ("reply"->>'ct'))) WHERE "key_hash" = $1`, [keyHash]);
      expect(await rejectionOf(withKey(key(3)))).toMatchObject({ status: 500 });
    });

    it('scopes a key to its caller: another credential with the same key registers its own client', async () => {
      const anonymous = await withKey(key(4));
      const other = await withKey(key(4), SEED_BODY, { accessToken: 'another-callers-token' });
      expect(other['client_id']).not.toBe(anonymous['client_id']);
      expect(await withKey(key(4), SEED_BODY, { accessToken: 'another-callers-token' })).toEqual(other);
    });

    it('answers concurrent retries of one create with one client', async () => {
      const [clients] = await counts();
      const answers = await Promise.all(Array.from({ length: 4 }, () => withKey(key(5))));
      expect(new Set(answers.map((a) => a['client_id'])).size).toBe(1);
      expect(new Set(answers.map((a) => a['client_secret'])).size).toBe(1);
      expect((await counts())[0]).toBe(clients + 1);
    });

    it('creates anew after 24 hours; before, answers the first answer even once the client is deleted', async () => {
      const { answer: first, keyHash } = await firstWith(key(6));
      await rpc.request(Messages.registration.dcrDelete, request({ clientId: first['client_id'], accessToken: first['registration_access_token'] }));
      // draft-ietf-httpapi-idempotency-key-header §2.6: the retry is the same request; its answer is the first one.
      expect(await withKey(key(6))).toEqual(first);

      await db.query(`UPDATE "registration"."idempotent_replies" SET "expires_at" = now() - interval '1 second' WHERE "key_hash" = $1`, [keyHash]);
      const later = await withKey(key(6));
      expect(later['client_id']).not.toBe(first['client_id']);
      expect(await withKey(key(6))).toEqual(later);
    });

    it('answers an administrator’s retried script create with the first script, not a 409 for its name', async () => {
      const idempotencyKey = 'e4b7c2a9-0f3d-4e6b-a1c8-5d2f7b9e3a60';
      const body = { name: 'Idempotent may act script', script: b64('token.setMayAct({client_id: "x"});'), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' };
      const create = (b: Record<string, unknown>) => admin(Messages.registration.adminScriptCreate, { body: b, idempotencyKey });
      const before = await rows('scripts');
      const first = await create(body);
      expect(await create(body)).toEqual(first);
      expect(await rows('scripts')).toBe(before + 1);
      expect(await rejectionOf(create({ ...body, description: 'another' }))).toMatchObject({ status: 422 });
      // Without the key, the same create is refused: the name is taken.
      expect(await rejectionOf(admin(Messages.registration.adminScriptCreate, { body }))).toMatchObject({ status: 409 });
    });

    it('writes no answer when the registration fails, so a retry runs it again', async () => {
      await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Throwing DCR script' });
      try {
        const before = await counts();
        expect(await rejectionOf(withKey(key(7)))).toMatchObject({ status: 500 });
        expect(await counts()).toEqual(before);
      } finally {
        await provider({ allowDynamicRegistration: true, dynamicClientRegistrationScript: 'Software agent DCR script' });
      }
      expect(await withKey(key(7))).toMatchObject({ client_id: expect.stringMatching(UUID), providerOverridesEnabled: true });
    });
  });
});
