import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ServiceNames, Messages } from '@mandate/contracts';
import { NatsHealthIndicator, RpcClient } from '@mandate/platform';

/**
 * The gateway is ready when its transport works and every service answers its health
 * subject as ready: in both modes, "ready" means the whole system can serve.
 */
@Controller('health')
export class GatewayHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsHealthIndicator,
    private readonly rpc: RpcClient,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok', service: 'gateway' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.nats.check(),
      ...Object.values(ServiceNames).map((service) => async () => {
        const indicator = this.indicators.check(service);
        try {
          const report = await this.rpc.request(Messages.health(service), {});
          return report.status === 'ok' ? indicator.up() : indicator.down({ details: report.details });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      }),
    ]);
  }
}
