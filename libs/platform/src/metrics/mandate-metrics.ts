import { Inject, Injectable } from '@nestjs/common';
import { counter, histogram, processRegistry } from './metrics-registry';
import { SERVICE_NAME } from '../bootstrap/service-name';

/**
 * The series Mandate exports. Every series carries `service` (`gateway`, `token-service`, …),
 * so that one registry can hold every app of the embedded mode. Labels are bounded: route
 * patterns and subjects, never URLs, realm names, client ids or token values.
 */
export const SERIES = {
  /** Gateway: requests by method, route pattern (`/am/oauth2/access_token`) and status class (`2xx`). */
  httpRequests: { name: 'mandate_http_requests_total', help: 'HTTP requests answered by the gateway', labelNames: ['service', 'method', 'route', 'status_class'] },
  httpDuration: { name: 'mandate_http_request_duration_seconds', help: 'HTTP request latency at the gateway', labelNames: ['service', 'method', 'route', 'status_class'] },
  /** Services: messages handled by NATS subject and outcome (`ok` or the error code). */
  rpcHandled: { name: 'mandate_rpc_handled_total', help: 'Messages handled, by subject and outcome', labelNames: ['service', 'subject', 'outcome'] },
  rpcHandleDuration: { name: 'mandate_rpc_handle_duration_seconds', help: 'Handler latency by subject and outcome', labelNames: ['service', 'subject', 'outcome'] },
  /** Callers: request/reply latency to another service, by subject and outcome (`ok`, the error code, or `unavailable`). */
  rpcClientDuration: { name: 'mandate_rpc_client_duration_seconds', help: 'Request/reply latency seen by the caller', labelNames: ['service', 'subject', 'outcome'] },
  /** token-service: tokens issued by grant type, client type (`OAuth2Client`, `AIAgent`) and format (`opaque`, `jwt`). */
  tokensIssued: { name: 'mandate_tokens_issued_total', help: 'Access tokens issued', labelNames: ['service', 'grant_type', 'client_type', 'format'] },
  /** Script runs by kind (`may_act`, `dcr`) and outcome (`ok`, `error`, `timeout`, …). */
  scriptRuns: { name: 'mandate_script_runs_total', help: 'Sandboxed script runs', labelNames: ['service', 'kind', 'outcome'] },
  scriptDuration: { name: 'mandate_script_run_duration_seconds', help: 'Sandboxed script run time', labelNames: ['service', 'kind', 'outcome'] },
} as const;

export interface TokenIssuedLabels {
  grantType: string;
  clientType: string;
  format: string;
}

/** One app's view of the process registry: typed recording methods that stamp its `service` label. */
@Injectable()
export class MandateMetrics {
  private readonly httpRequests = counter(SERIES.httpRequests);
  private readonly httpDuration = histogram(SERIES.httpDuration);
  private readonly rpcHandled = counter(SERIES.rpcHandled);
  private readonly rpcHandleDuration = histogram(SERIES.rpcHandleDuration);
  private readonly rpcClientDuration = histogram(SERIES.rpcClientDuration);
  private readonly tokensIssued = counter(SERIES.tokensIssued);
  private readonly scriptRuns = counter(SERIES.scriptRuns);
  private readonly scriptDuration = histogram(SERIES.scriptDuration);

  constructor(@Inject(SERVICE_NAME) readonly service: string) {}

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { service: this.service, method, route, status_class: `${Math.floor(status / 100)}xx` };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  rpcHandledMessage(subject: string, outcome: string, seconds: number): void {
    const labels = { service: this.service, subject, outcome };
    this.rpcHandled.inc(labels);
    this.rpcHandleDuration.observe(labels, seconds);
  }

  rpcCalled(subject: string, outcome: string, seconds: number): void {
    this.rpcClientDuration.observe({ service: this.service, subject, outcome }, seconds);
  }

  tokenIssued({ grantType, clientType, format }: TokenIssuedLabels): void {
    this.tokensIssued.inc({ service: this.service, grant_type: grantType, client_type: clientType, format });
  }

  scriptRun(kind: string, outcome: string, seconds: number): void {
    const labels = { service: this.service, kind, outcome };
    this.scriptRuns.inc(labels);
    this.scriptDuration.observe(labels, seconds);
  }

  /** The Prometheus text exposition of the whole process. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const registry = processRegistry();
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
