import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@mandate/platform';
import { consoleConfig } from './console.config';

/** @fastify/static for `reply.sendFile` only: the routes are ConsoleController's, so they are documented like every other. */
export async function registerConsoleFiles(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyStatic, { root: loadConfig(consoleConfig).MANDATE_CONSOLE_DIR, serve: false });
}
