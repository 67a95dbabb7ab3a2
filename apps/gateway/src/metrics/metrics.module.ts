import { Module } from '@nestjs/common';
import { MetricsController } from '@mandate/platform';

/** `GET /metrics` on the gateway's port, outside `/am` (main.ts excludes it from the prefix). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
