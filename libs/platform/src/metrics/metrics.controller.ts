import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MandateMetrics } from './mandate-metrics';

/** `GET /metrics` on a service's HEALTH_PORT: the Prometheus text exposition (the gateway's: internal-metrics.server.ts). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MandateMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.exposition();
    reply.header('Content-Type', contentType);
    return body;
  }
}
