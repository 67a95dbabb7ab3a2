import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ServiceNames } from '@mandate/contracts';
import {
  ConfigError,
  type RunningService,
  createLogger,
  httpConfig,
  issuerConfig,
  loadConfig,
  openEmbeddedRegistry,
  transportConfig,
  validateConfig,
} from '@mandate/platform';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';
import { standaloneConfig } from './standalone.config';

/**
 * `npm start`: every Mandate service in this one process over the in-process transport,
 * with an embedded Postgres unless DATABASE_URL names one. The services are the same
 * bundles that run as separate processes in the distributed mode; they register with the
 * embedded registry instead of starting themselves, and are started here in order.
 */
async function main() {
  const logger = createLogger('mandate', process.env.LOG_LEVEL ?? 'info');
  validateConfig([standaloneConfig, transportConfig, httpConfig, issuerConfig]);
  const config = loadConfig(standaloneConfig);
  let database: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    database = await startEmbeddedDatabase(config.MANDATE_DATA_DIR, config.EMBEDDED_PG_PORT, logger);
    process.env.DATABASE_URL = database.url;
    process.env.DATABASE_POOL_SIZE ??= '4';
  }
  process.env.MANDATE_TRANSPORT = 'inproc';
  // Services start without HEALTH_PORT; the gateway gets it back for its internal /metrics, which
  // holds every app's series (one registry per process).
  const healthPort = process.env.HEALTH_PORT;
  delete process.env.HEALTH_PORT;

  const registry = openEmbeddedRegistry();
  const distDir = process.env.MANDATE_DIST_DIR ?? join(dirname(realpathSync(process.argv[1])), '..');
  const load = createRequire(join(distDir, 'package.json'));
  for (const app of [...Object.values(ServiceNames), 'gateway']) load(join(distDir, app, 'main.js'));

  const services = registry.filter((def) => def.role === 'service');
  const gatewayDef = registry.find((def) => def.role === 'gateway');
  if (!gatewayDef || services.length !== Object.values(ServiceNames).length) throw new Error(`service bundles missing in ${distDir}`);
  const running: RunningService[] = await Promise.all(services.map((entry) => entry.start()));
  if (healthPort !== undefined) process.env.HEALTH_PORT = healthPort;
  const gateway = await gatewayDef.start();
  running.push(gateway);

  const base = loadConfig(issuerConfig).AM_BASE_URL;
  logger.info(
    { listening: gateway.url, base, database: database ? `embedded, in ${config.MANDATE_DATA_DIR}` : 'DATABASE_URL' },
    `Mandate is ready: ${base}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await gateway.close();
    await Promise.all(running.filter((r) => r !== gateway).map((r) => r.close()));
    await database?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  const logger = createLogger('mandate');
  if (error instanceof ConfigError) logger.fatal({ problems: error.problems }, 'invalid configuration');
  else logger.fatal({ err: error }, 'Mandate failed to start');
  logger.flush();
  process.exit(1);
});
