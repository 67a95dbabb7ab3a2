import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { defineConfig, loadConfig } from '../config/config';
import { transportConfig } from '../config/slices';
import { PinoNestLogger, createLogger } from '../logging/logger';
import type { ServiceDefinition } from './service-definition';

/**
 * - MANDATE_MIGRATE_ONLY: `true` runs the service's migrations (under the same advisory lock
 *   as a normal start) and exits 0, without joining NATS or listening: the one-shot step of
 *   docker-compose's `migrate` service and the Kubernetes `mandate-migrate` Job.
 */
export const migrateOnlyConfig = defineConfig(
  'migrate-only',
  z.object({
    MANDATE_MIGRATE_ONLY: z
      .enum(['true', 'false', '1', '0', ''])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
  }),
);

export function isMigrateOnly(env: NodeJS.ProcessEnv = process.env): boolean {
  return loadConfig(migrateOnlyConfig, env).MANDATE_MIGRATE_ONLY;
}

/**
 * Builds the service's module graph without starting it: the persistence module's data source
 * factory migrates while the graph is built. No start-up hooks run (no imports, no key
 * generation, no subscriptions); closing it ends the database connections.
 */
export async function migrateOnly(def: ServiceDefinition): Promise<void> {
  const transport = loadConfig(transportConfig);
  const logger = createLogger(def.name, transport.LOG_LEVEL);
  if (def.role !== 'service') {
    logger.info(`${def.name} owns no tables: nothing to migrate`);
    return;
  }
  // NestFactory.create instantiates the graph without init(): no onModuleInit/onApplicationBootstrap.
  const app = await NestFactory.create(def.module, new FastifyAdapter(), {
    logger: new PinoNestLogger(createLogger('nest', transport.LOG_LEVEL)),
    abortOnError: false,
  });
  await app.close();
  logger.info(`${def.name} migrations done`);
}
