import 'reflect-metadata';
import type { INestMicroservice, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { RealmView } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { PersistenceModule, authnStorage } from '@mandate/persistence';
import {
  EventPublisher,
  LOGGER,
  RPC_TRANSPORT_CLIENT,
  type Logger,
  RealmClient,
  RpcClient,
  RpcErrorFilter,
  createClient,
  createLogger,
  loadConfig,
  serverOptions,
  transportConfig,
} from '@mandate/platform';
import { authnHandlers, authnProviders } from '../app/app.module';

/** registration-service's answer for `/` and `/alpha` (it owns realms; not under test here). */
export class KnownRealms {
  async resolve(path: string): Promise<RealmView> {
    if (path !== '/' && path !== '/alpha') throw CrestError.notFound(`Realm ${path} not found`);
    return { id: '00000000-0000-4000-8000-000000000000', path, name: path === '/' ? '/' : path.slice(1), active: true };
  }
}

export interface AuthnTestApp {
  moduleRef: TestingModule;
  /** A caller on the same transport, as token-service or the gateway would be. */
  rpc: RpcClient;
  close(): Promise<void>;
}

/**
 * authn-service's handlers and services over the in-process transport on a real Postgres, for
 * service tests. `realms` stands in for registration-service; `logger` may capture lines.
 */
export async function startAuthnTestApp(
  databaseUrl: string,
  options: { realms?: Type<Pick<RealmClient, 'resolve'>>; logger?: Logger } = {},
): Promise<AuthnTestApp> {
  const logger = options.logger ?? createLogger('authn-service', 'silent');
  const moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(authnStorage, () => ({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 2 }))],
    controllers: authnHandlers,
    providers: [
      ...authnProviders,
      RealmClient,
      { provide: LOGGER, useValue: logger },
      // authn.session.ended goes out on the same in-process bus.
      EventPublisher,
      { provide: RPC_TRANSPORT_CLIENT, useFactory: () => createClient(loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' }), 'authn-service') },
      // The audit outbox's drainer calls the audit store (absent here: its events wait in the outbox).
      RpcClient,
      { provide: transportConfig.token, useValue: loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' }) },
    ],
  })
    .overrideProvider(RealmClient)
    .useClass(options.realms ?? KnownRealms)
    .compile();
  const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '5000' });
  const app: INestMicroservice = moduleRef.createNestMicroservice(serverOptions(config, 'authn-service'));
  app.useLogger(false);
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  const rpc = new RpcClient(createClient(config, 'gateway'), config, createLogger('gateway', 'silent'));
  return {
    moduleRef,
    rpc,
    close: async () => {
      await rpc.onApplicationShutdown();
      await app.close();
    },
  };
}
