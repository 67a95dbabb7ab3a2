import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, validateConfig } from '../config/config';
import { transportConfig } from '../config/slices';
import { PinoNestLogger, createLogger } from '../logging/logger';
import { serverOptions } from '../transport/transport';
import { ServiceHealth } from '../health/health.controller';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';
import { MandateMetrics } from '../metrics/mandate-metrics';
import { EventResyncs, resyncAfterReconnects } from '../events/event-resyncs';
import { serveInternalMetrics } from '../metrics/internal-metrics.server';
import { appTracer, startTracing, stopTracing } from '../tracing/tracing';
import { tracingConfig } from '../tracing/tracing.config';
import { isMigrateOnly, migrateOnly, migrateOnlyConfig } from './migrate-only';
import { embeddedRegistry } from './embedded-registry';
import type { RunningService, ServiceDefinition } from './service-definition';

/** Starts one service or the gateway; throws ConfigError listing every configuration problem. */
export async function startService(def: ServiceDefinition): Promise<RunningService> {
  validateConfig([transportConfig, tracingConfig, ...def.config]);
  const transport = loadConfig(transportConfig);
  const logger = createLogger(def.name, transport.LOG_LEVEL);
  // Before the app is created: its RPC client and HTTP hooks take their tracer when built.
  const tracing = startTracing(def.name);
  const app = await NestFactory.create<NestFastifyApplication>(def.module, new FastifyAdapter(def.fastify?.()), {
    logger: new PinoNestLogger(createLogger('nest', transport.LOG_LEVEL)),
    abortOnError: false,
    bodyParser: def.bodyParser ?? true,
  });
  if (def.role === 'service') {
    // Registered on the app before the microservice connects, which inherits them.
    app.useGlobalFilters(new RpcErrorFilter(logger));
    // Correlation ids and handler metrics are the transport's job (transport/message-observer.ts).
    const metrics = app.get(MandateMetrics);
    const options = serverOptions(transport, def.name, {
      observer: (subject, outcome, seconds) => metrics.rpcHandledMessage(subject, outcome, seconds),
      tracer: appTracer(def.name),
      service: def.name,
    });
    const microservice = app.connectMicroservice(options, { inheritAppConfig: true });
    // The event subscriptions live on the microservice's connection: after it reconnects, the
    // caches they feed start over (EventResyncs). Ended by app.close(), which closes the server.
    resyncAfterReconnects(microservice.status, app.get(EventResyncs));
  }
  await def.configure?.(app);
  app.flushLogs();
  // Readiness is true exactly when the process serves (issue 25 item 5). init() runs the start
  // hooks (the MANDATE_IMPORT import, the admin bootstrap) before the bus handlers subscribe, so
  // no request is answered from a half-imported configuration (Nest's hybrid apps would otherwise
  // subscribe first and run the hooks afterwards, in listen()); /health/ready answers 503 until
  // the handlers have subscribed, then 200.
  await app.init();
  const listen = def.listen?.() ?? (transport.HEALTH_PORT !== undefined ? { port: transport.HEALTH_PORT, host: '0.0.0.0' } : undefined);
  let url: string | undefined;
  if (listen) {
    await app.listen(listen.port, listen.host);
    url = await app.getUrl();
  }
  await app.startAllMicroservices();
  if (def.role === 'service') app.get(ServiceHealth).markServing();
  // The gateway's metrics are on its internal HEALTH_PORT, never on the public port.
  const internal = def.role === 'gateway' && transport.HEALTH_PORT !== undefined ? await serveInternalMetrics(app.get(MandateMetrics), transport.HEALTH_PORT) : undefined;
  logger.info({ url, metrics: internal?.url, transport: transport.MANDATE_TRANSPORT, tracing }, `${def.name} started`);
  return {
    name: def.name,
    url,
    close: async () => {
      await internal?.close();
      await app.close();
      if (tracing) await stopTracing();
      logger.info(`${def.name} stopped`);
    },
  };
}

/**
 * The entry point of every app's main.ts. Standalone, it starts the process and stops it
 * gracefully on SIGTERM/SIGINT (in-flight requests finish first). Loaded by the embedded
 * launcher, it only registers the definition.
 */
export function runService(def: ServiceDefinition): void {
  const registry = embeddedRegistry();
  if (registry) {
    registry.push({ name: def.name, role: def.role, start: () => startService(def) });
    return;
  }
  if (runsMigrationsOnly(def)) return;
  startService(def).then(
    (running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.close().then(
          () => process.exit(0),
          (error) => exitWith(def.name, `failed to stop after ${signal}`, error),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (error) => exitWith(def.name, 'failed to start', error),
  );
}

/** MANDATE_MIGRATE_ONLY=true: migrate, then exit 0 (1 when the migrations fail). */
function runsMigrationsOnly(def: ServiceDefinition): boolean {
  try {
    validateConfig([migrateOnlyConfig]);
    if (!isMigrateOnly()) return false;
    validateConfig([transportConfig, ...def.config]);
  } catch (error) {
    exitWith(def.name, 'failed to start', error);
  }
  migrateOnly(def).then(
    () => process.exit(0),
    (error) => exitWith(def.name, 'failed to migrate', error),
  );
  return true;
}

function exitWith(name: string, what: string, error: unknown): never {
  const logger = createLogger(name);
  if (error instanceof ConfigError) logger.fatal({ problems: error.problems }, `${name} ${what}: invalid configuration`);
  else logger.fatal({ err: error }, `${name} ${what}`);
  logger.flush();
  process.exit(1);
}
