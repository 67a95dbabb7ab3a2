import 'reflect-metadata';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { type AuthorizeReply, type ClientView, type ProviderSettings, type SessionValidateReply, ServiceNames, Subjects, Messages } from '@mandate/contracts';
import { sha256Base64url } from '@mandate/crypto';
import { PersistenceModule, authorizeStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, RpcClient, RpcErrorFilter, createClient, createLogger, loadConfig, serverOptions, transportConfig } from '@mandate/platform';
import { type LocalPostgres, startLocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { authorizeHandlers, authorizeProviders } from './app/app.module';
import { CALLBACK, CHALLENGE, ISSUER, aClient, aProvider } from './test/fixtures';

jest.setTimeout(60_000);

const USER_TOKEN = 'user-token';
const USER_ID = '00000000-0000-4000-8000-000000000002';
const CLIENTS: Record<string, ClientView> = {
  'hr-client': aClient(),
  'short-lived': aClient({ clientId: 'short-lived', authorizationCodeLifetime: 30 }),
};

/** Stands in for registration-service (clients, provider) and authn-service (sessions). */
@Controller()
class NeighboursStandIn {
  @MessagePattern(Subjects.registration.clientGet)
  client(@Payload() r: { clientId: string }): ClientView | null {
    return CLIENTS[r.clientId] ?? null;
  }

  @MessagePattern(Subjects.registration.providerGet)
  provider(): ProviderSettings {
    return aProvider();
  }

  @MessagePattern(Subjects.authn.sessionValidate)
  session(@Payload() r: { tokenId: string }): SessionValidateReply {
    if (r.tokenId !== USER_TOKEN) return { valid: false };
    return { valid: true, userId: USER_ID, username: 'bjensen', realm: '/alpha', isAdmin: false, authLevel: 0, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
  }
}

let pg: LocalPostgres;
let moduleRef: TestingModule;
let app: INestMicroservice;
let rpc: RpcClient;
let db: DataSource;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  pg = await startLocalPostgres();
  const env = { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '10000', LOG_LEVEL: 'silent', AM_BASE_URL: 'https://am.example.com:8443/am' };
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  moduleRef = await Test.createTestingModule({
    imports: [
      PlatformModule.forService(ServiceNames.authorize, { database: true }),
      PersistenceModule.forService(authorizeStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })),
      ConfigCacheModule,
    ],
    controllers: [...authorizeHandlers, NeighboursStandIn],
    providers: authorizeProviders,
  }).compile();
  db = moduleRef.get(DataSource);
  const config = loadConfig(transportConfig);
  app = moduleRef.createNestMicroservice(serverOptions(config, ServiceNames.authorize));
  app.useLogger(false);
  app.useGlobalFilters(new RpcErrorFilter(createLogger('authorize-service', 'silent')));
  await app.listen();
  rpc = new RpcClient(createClient(config, 'gateway'), config, createLogger('gateway', 'silent'));
});

afterAll(async () => {
  await rpc?.onApplicationShutdown();
  await app?.close();
  await pg?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const authorize = (params: Record<string, string>, extra: { ssoToken?: string; browser?: boolean; repeated?: string[] } = {}) =>
  rpc.request(
    Messages.authorize.request,
    { realm: '/alpha', params, repeated: extra.repeated ?? [], ssoToken: 'ssoToken' in extra ? extra.ssoToken : USER_TOKEN, browser: extra.browser ?? false });
const consume = (code: string, realm = '/alpha') => rpc.request(Messages.authorize.codeConsume, { realm, code });
/** Seed 000 step 2's parameters. */
const seed = { scope: 'read', response_type: 'code', client_id: 'hr-client', csrf: USER_TOKEN, redirect_uri: CALLBACK, decision: 'allow' };

function locationOf(reply: AuthorizeReply): URL {
  if (reply.kind !== 'redirect') throw new Error(`expected a redirect, got ${JSON.stringify(reply)}`);
  return new URL(reply.location);
}
const codeOf = (reply: AuthorizeReply) => locationOf(reply).searchParams.get('code') ?? '';

describe('authorize.request and authorize.code.consume', () => {
  it('issues a code for seed 000 step 2 that redeems once, then answers replayed with its grant id', async () => {
    const reply = await authorize(seed);
    const location = locationOf(reply);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK.replace(':443', ''));
    expect([...location.searchParams.keys()]).toEqual(['code', 'iss']);
    expect(location.searchParams.get('iss')).toBe(ISSUER);
    const code = codeOf(reply);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const first = await consume(code);
    expect(first).toEqual({
      outcome: 'consumed',
      grant: {
        clientId: 'hr-client',
        redirectUri: CALLBACK,
        scopes: ['read'],
        resources: [],
        userId: USER_ID,
        username: 'bjensen',
        authLevel: 0,
        authTime: expect.any(Number),
        codeChallenge: null,
        codeChallengeMethod: null,
        nonce: null,
        authGrantId: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
      },
    });
    const { authGrantId } = (first as { grant: { authGrantId: string } }).grant;
    expect(await consume(code)).toEqual({ outcome: 'replayed', authGrantId });
  });

  it('keeps only the SHA-256 of a code, for the client’s code lifetime', async () => {
    const before = Date.now();
    const code = codeOf(await authorize({ ...seed, client_id: 'short-lived', state: 's1' }));
    const rows: Array<{ code_hash: string; issued_at: Date; expires_at: Date }> = await db.query(
      `SELECT "code_hash", "issued_at", "expires_at" FROM "authorize"."authorization_codes" WHERE "client_id" = 'short-lived'`,
    );
    expect(rows.map((r) => r.code_hash)).toEqual([sha256Base64url(code)]);
    expect(JSON.stringify(await db.query(`SELECT * FROM "authorize"."authorization_codes"`))).not.toContain(code);
    expect(rows[0].expires_at.getTime() - rows[0].issued_at.getTime()).toBe(30_000);
    expect(rows[0].issued_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('binds PKCE, nonce and a missing redirect_uri as null', async () => {
    const { redirect_uri: _omitted, ...rest } = seed;
    const code = codeOf(await authorize({ ...rest, code_challenge: CHALLENGE, code_challenge_method: 'S256', nonce: 'n-0S6' }));
    expect(await consume(code)).toMatchObject({ outcome: 'consumed', grant: { redirectUri: null, codeChallenge: CHALLENGE, codeChallengeMethod: 'S256', nonce: 'n-0S6' } });
  });

  it('answers invalid for an expired code, an unknown one, and a code of another realm', async () => {
    const expired = codeOf(await authorize(seed));
    await db.query(`UPDATE "authorize"."authorization_codes" SET "expires_at" = now() - interval '1 second' WHERE "code_hash" = $1`, [sha256Base64url(expired)]);
    expect(await consume(expired)).toEqual({ outcome: 'invalid' });
    expect(await consume('no-such-code')).toEqual({ outcome: 'invalid' });
    const elsewhere = codeOf(await authorize(seed));
    expect(await consume(elsewhere, '/beta')).toEqual({ outcome: 'invalid' });
    expect(await consume(elsewhere)).toMatchObject({ outcome: 'consumed' });
  });

  it('redirects errors after the client is trusted, with state and iss', async () => {
    const location = locationOf(await authorize({ ...seed, scope: 'read admin', state: 'xyz' }));
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'invalid_scope', error_description: 'Unknown/invalid scope(s): [admin]', state: 'xyz', iss: ISSUER });
    const denied = locationOf(await authorize({ ...seed, decision: 'deny' }));
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', error_description: 'Resource owner did not authorize the request', iss: ISSUER });
    const twice = locationOf(await authorize(seed, { repeated: ['scope'] }));
    expect(twice.searchParams.get('error_description')).toBe('Parameters sent more than once: scope');
  });

  it('refuses an unknown client, an unregistered redirect URI and a forged csrf without redirecting', async () => {
    expect(await authorize({ ...seed, client_id: 'nobody' })).toEqual({ kind: 'refused', status: 400, error: 'invalid_request', errorDescription: 'Unknown or inactive client' });
    expect(await authorize({ ...seed, redirect_uri: 'https://evil.example/cb' })).toMatchObject({ kind: 'refused', status: 400, error: 'invalid_request' });
    expect(await authorize({ ...seed, csrf: 'forged' })).toEqual({ kind: 'refused', status: 400, error: 'invalid_request', errorDescription: 'Invalid CSRF token' });
  });

  it('sends a caller without a live session of the realm to the login page, and asks a browser for consent', async () => {
    expect(await authorize(seed, { ssoToken: undefined })).toEqual({ kind: 'login' });
    expect(await authorize(seed, { ssoToken: 'dead-token' })).toEqual({ kind: 'login' });
    const { decision: _d, csrf: _c, ...undecided } = seed;
    expect(await authorize(undecided, { browser: true })).toEqual({ kind: 'consent', prompt: { clientId: 'hr-client', clientName: 'hr-client', scopes: ['read'], username: 'bjensen' } });
    expect(await authorize(undecided)).toMatchObject({ kind: 'refused', error: 'consent_required' });
  });
});
