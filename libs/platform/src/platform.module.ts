import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Messages, type ServiceName } from '@mandate/contracts';
import { configProvider } from './config/config';
import { transportConfig } from './config/slices';
import { LOGGER, createLogger } from './logging/logger';
import { loadConfig } from './config/config';
import { createClient } from './transport/transport';
import { RPC_TRANSPORT_CLIENT, RpcClient } from './rpc/rpc.client';
import { SessionClient } from './sessions/session.client';
import { SessionEndedHandler } from './sessions/session-ended.handler';
import { EventPublisher } from './rpc/event-publisher';
import { EventResyncs } from './events/event-resyncs';
import { RealmClient } from './realms/realm.client';
import { NatsHealthIndicator } from './health/nats.health';
import { MandateMetrics } from './metrics/mandate-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { HEALTH_USES_DATABASE, HealthController, SERVICE_NAME, ServiceHealth, healthMessageHandler } from './health/health.controller';

function baseProviders(name: string): Provider[] {
  return [
    configProvider(transportConfig),
    { provide: SERVICE_NAME, useValue: name },
    { provide: LOGGER, useFactory: () => createLogger(name, loadConfig(transportConfig).LOG_LEVEL) },
    { provide: RPC_TRANSPORT_CLIENT, useFactory: () => createClient(loadConfig(transportConfig), name) },
    RpcClient,
    EventPublisher,
    EventResyncs,
    SessionClient,
    RealmClient,
    NatsHealthIndicator,
    MandateMetrics,
  ];
}
const baseExports = [transportConfig.token, SERVICE_NAME, LOGGER, RPC_TRANSPORT_CLIENT, RpcClient, EventPublisher, EventResyncs, SessionClient, RealmClient, NatsHealthIndicator, MandateMetrics];

/** Transport, logging, RPC client, health and metrics for one process. Global: import it once, in the root module. */
@Module({})
export class PlatformModule {
  static forService(name: ServiceName, options: { database: boolean }): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, SessionEndedHandler, healthMessageHandler(Messages.health(name))],
      providers: [...baseProviders(name), ServiceHealth, { provide: HEALTH_USES_DATABASE, useValue: options.database }],
      exports: baseExports,
    };
  }

  static forGateway(): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: baseProviders('gateway'),
      exports: [...baseExports, TerminusModule],
    };
  }
}
