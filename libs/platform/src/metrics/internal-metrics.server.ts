import Fastify from 'fastify';
import type { MandateMetrics } from './mandate-metrics';

/**
 * The gateway's internal listener on HEALTH_PORT: `GET /metrics` only, so that the scrape is
 * not on the public port (issue 17). A bare Fastify server beside the Nest app, which serves
 * the public port; services serve /metrics from their own app on HEALTH_PORT.
 */
export async function serveInternalMetrics(metrics: MandateMetrics, port: number, host = '0.0.0.0'): Promise<{ url: string; close(): Promise<void> }> {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.header('Cache-Control', 'no-store').type(contentType).send(body);
  });
  const url = await server.listen({ port, host });
  return { url, close: () => server.close() };
}
