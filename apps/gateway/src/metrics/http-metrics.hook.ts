import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MandateMetrics } from '@mandate/platform';

/**
 * Counts and times every answered request by method, route pattern and status class. The
 * pattern is Fastify's (`/am/json/users/:id`): realm-free after the rewrite, with no ids,
 * query strings or tokens. Requests that match no route count as `unmatched`.
 */
export function installHttpMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(MandateMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
}
