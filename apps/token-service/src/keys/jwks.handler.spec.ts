import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { type RealmResolveRequest, Subjects, Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import {
  LOGGER,
  RPC_TRANSPORT_CLIENT,
  RpcClient,
  RpcErrorFilter,
  createClient,
  createLogger,
  loadConfig,
  serverOptions,
  transportConfig,
  RealmClient,
} from '@mandate/platform';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
// A resource server's own JOSE library, verifying against the published key set.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { JwksHandler } from './jwks.handler';
import { JwksService } from './jwks.service';
import { KeyService } from './key.service';
import { keysConfig } from './keys.config';
import { PrivateKeySealer } from './private-key.sealer';

jest.setTimeout(60_000);

const ISSUER = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';

/** Stands in for registration-service, which owns realms: `/` and `/alpha` exist. */
@Controller()
class RegistrationRealmsStub {
  @MessagePattern(Subjects.registration.realmResolve)
  resolve(@Payload() request: RealmResolveRequest) {
    if (request.realm === '/' || request.realm === '/alpha') {
      return { id: '00000000-0000-4000-8000-000000000001', path: request.realm, name: request.realm === '/' ? '/' : 'alpha', active: true };
    }
    throw CrestError.notFound(`Realm ${request.realm} not found`);
  }
}

let pg: LocalPostgres;
let moduleRef: TestingModule;
let app: INestMicroservice;
let rpc: RpcClient;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  const transport = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '5000' });
  const logger = createLogger('token-service', 'silent');
  moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(tokenStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 }))],
    controllers: [JwksHandler, RegistrationRealmsStub],
    providers: [
      JwksService,
      KeyService,
      PrivateKeySealer,
      RealmClient,
      RpcClient,
      { provide: keysConfig.token, useValue: loadConfig(keysConfig, {}) },
      { provide: transportConfig.token, useValue: transport },
      { provide: RPC_TRANSPORT_CLIENT, useFactory: () => createClient(transport, 'token-service') },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  app = moduleRef.createNestMicroservice(serverOptions(transport, 'token-service'));
  app.useLogger(false);
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  rpc = new RpcClient(createClient(transport, 'gateway'), transport, logger);
});

afterAll(async () => {
  await rpc?.onApplicationShutdown();
  await app?.close();
  await pg?.stop();
});

describe('token.jwks.get over the in-process transport', () => {
  it('answers realm /alpha’s one RSA public key with kid, use sig and alg RS256', async () => {
    const jwks = await rpc.request(Messages.token.jwksGet, { realm: '/alpha' });
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(key).toMatchObject({ kty: 'RSA', e: 'AQAB', use: 'sig', alg: 'RS256', kid: (await moduleRef.get(KeyService).keyRing('/alpha')).activeKid });
  });

  it('answers the same key again', async () => {
    const first = await rpc.request(Messages.token.jwksGet, { realm: '/alpha' });
    const second = await rpc.request(Messages.token.jwksGet, { realm: '/alpha' });
    expect(second).toEqual(first);
  });

  it('gives each realm its own key', async () => {
    const root = await rpc.request(Messages.token.jwksGet, { realm: '/' });
    const alpha = await rpc.request(Messages.token.jwksGet, { realm: '/alpha' });
    expect(root.keys[0].kid).not.toBe(alpha.keys[0].kid);
  });

  it('answers an unknown realm with registration-service’s CREST 404 and creates no key for it', async () => {
    const error = await rejectionOf(rpc.request(Messages.token.jwksGet, { realm: '/nope' }));
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 404, code: 'Not Found', description: 'Realm /nope not found' });
    expect(await moduleRef.get(DataSource).query(`SELECT count(*)::int AS n FROM "token"."signing_keys" WHERE "realm" = '/nope'`)).toEqual([{ n: 0 }]);
  });
});

describe('a resource server verifying with the published key set', () => {
  let server: Server;
  let jwkUri: URL;

  beforeAll(async () => {
    // Serves token.jwks.get's answer the way the gateway's connect/jwk_uri does.
    server = createServer((req, res) => {
      rpc.request(Messages.token.jwksGet, { realm: '/alpha' }).then(
        (jwks) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(jwks));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwkUri = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/am/oauth2/realms/root/realms/alpha/connect/jwk_uri`);
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('verifies a JWT signed with the realm’s key through createRemoteJWKSet', async () => {
    const ring = await moduleRef.get(KeyService).keyRing('/alpha');
    const now = Math.floor(Date.now() / 1000);
    const jwt = await ring.sign({ iss: ISSUER, sub: 'demo', aud: 'resource-server', iat: now, exp: now + 300 }, { typ: 'at+jwt' });
    const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(jwkUri), {
      issuer: ISSUER,
      audience: 'resource-server',
      typ: 'at+jwt',
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({ sub: 'demo' });
    expect(protectedHeader).toEqual({ typ: 'at+jwt', alg: 'RS256', kid: ring.activeKid });
  });

  it('verifies tokens of both the new and the retired key after a rotation', async () => {
    const keys = moduleRef.get(KeyService);
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: ISSUER, sub: 'demo', iat: now, exp: now + 300 };
    const remote = createRemoteJWKSet(jwkUri, { cooldownDuration: 0 });
    const oldToken = await (await keys.keyRing('/alpha')).sign(claims);
    await jwtVerify(oldToken, remote, { issuer: ISSUER });

    const rotated = await keys.rotate('/alpha');
    const newToken = await rotated.sign(claims);
    // The remote set refetches on the unknown kid, and still holds the retired key.
    await expect(jwtVerify(newToken, remote, { issuer: ISSUER })).resolves.toMatchObject({ protectedHeader: { kid: rotated.activeKid } });
    await expect(jwtVerify(oldToken, remote, { issuer: ISSUER })).resolves.toBeDefined();
  });
});
