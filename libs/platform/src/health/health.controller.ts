import { Controller, Get, Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthReport, Messages } from '@mandate/contracts';
import { Handles } from '../rpc/handles.decorator';
import { SERVICE_NAME } from '../bootstrap/service-name';
import { NatsHealthIndicator } from './nats.health';

export { SERVICE_NAME };
export const HEALTH_SUBJECT = Symbol.for('mandate.health-subject');
export const HEALTH_USES_DATABASE = Symbol.for('mandate.health-uses-database');

/**
 * Liveness (the process answers) and readiness (its NATS connection and, for services that
 * own tables, Postgres answer). Served over HTTP for probes and, for services, over the
 * transport at `<service>.health`.
 */
@Injectable()
export class ServiceHealth {
  constructor(
    private readonly nats: NatsHealthIndicator,
    @Inject(SERVICE_NAME) readonly service: string,
    @Inject(HEALTH_USES_DATABASE) private readonly usesDatabase: boolean,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
  ) {}

  private servingNow = false;

  /** The bus handlers have subscribed (run-service.ts): from now on the process serves. */
  markServing(): void {
    this.servingNow = true;
  }

  get serving(): boolean {
    return this.servingNow;
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(this.checks().map((check) => check()));
    const details = Object.assign({}, ...results) as Record<string, { status: string }>;
    const status = Object.values(details).every((d) => d.status === 'up') ? 'ok' : 'error';
    return { service: this.service, status, details };
  }

  checks(): Array<() => Promise<HealthIndicatorResult>> {
    const checks: Array<() => Promise<HealthIndicatorResult>> = [() => this.nats.check()];
    const db = this.db;
    if (this.usesDatabase && db) checks.push(() => db.pingCheck('database', { timeout: 1500 }));
    return checks;
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly serviceHealth: ServiceHealth,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok', service: this.serviceHealth.service };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    // Starting: the start hooks (the import) run, or the handlers are not subscribed yet.
    if (!this.serviceHealth.serving) throw new ServiceUnavailableException({ status: 'error', info: {}, error: { serving: { status: 'down' } }, details: { serving: { status: 'down' } } });
    return this.health.check(this.serviceHealth.checks());
  }
}

/** `<service>.health` over the transport, for the gateway's aggregate readiness. */
export function healthMessageHandler(message: ReturnType<typeof Messages.health>) {
  @Controller()
  class HealthMessageHandler {
    constructor(readonly serviceHealth: ServiceHealth) {}

    @Handles(message)
    report(): Promise<HealthReport> {
      return this.serviceHealth.report();
    }
  }
  return HealthMessageHandler;
}
