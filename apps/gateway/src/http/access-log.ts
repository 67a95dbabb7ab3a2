import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CORRELATION_HEADER } from '@mandate/contracts';
import { LOGGER, type Logger, sanitizeCorrelationId, withCorrelationId } from '@mandate/platform';

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

/**
 * Gives each request a correlation id (the caller's, if plain, else a new one), runs the request
 * in it, returns it in the response, and logs one line per request: method, path without query, status, duration.
 * Query strings and bodies are never logged: they carry codes, tokens and secrets.
 */
export function installAccessLog(app: NestFastifyApplication) {
  const logger = app.get<Logger>(LOGGER);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('correlationId', '');
  // The rest of the request runs inside its correlation id, so RPC calls carry it onward in NATS
  // headers. A hook, not a Nest interceptor: interceptors cost two AsyncResource binds per request.
  fastify.addHook('onRequest', (request, reply, done) => {
    request.correlationId = sanitizeCorrelationId(request.headers[CORRELATION_HEADER]) ?? randomUUID();
    reply.header(CORRELATION_HEADER, request.correlationId);
    withCorrelationId(request.correlationId, done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        correlationId: request.correlationId,
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}
