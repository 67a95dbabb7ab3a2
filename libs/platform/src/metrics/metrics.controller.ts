import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MandateMetrics } from './mandate-metrics';

/** `GET /metrics`: the Prometheus text exposition (services: on HEALTH_PORT; the gateway: on its port, outside `/am`). */
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
