import 'reflect-metadata';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions } from '@nestjs/microservices';
import { defineMessage } from '@mandate/contracts';
import { CrestError, InvalidGrantError } from '@mandate/oauth';
import { z } from 'zod';
import { loadConfig } from '../config/config';
import { transportConfig } from '../config/slices';
import { createLogger } from '../logging/logger';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';
import { RpcClient } from '../rpc/rpc.client';
import { createClient, serverOptions } from '../transport/transport';
import { MandateMetrics } from './mandate-metrics';
import { processRegistry } from './metrics-registry';
import { errorOutcome } from './outcome';

/** A message on a test subject: any payload, the reply checked against `reply`. */
const testMessage = <R extends z.ZodType>(subject: string, reply: R) => defineMessage({ subject, request: z.unknown(), reply, servedBy: 'token-service', calledBy: [] });

/** The sample line of a series in the text exposition, e.g. `name{a="b"} 3`. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = body.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('MandateMetrics', () => {
  it('lets several apps of one process register the same series, each under its own service label', async () => {
    const token = new MandateMetrics('token-service');
    const authn = new MandateMetrics('authn-service');
    token.tokenIssued({ grantType: 'client_credentials', clientType: 'OAuth2Client', format: 'opaque' });
    token.tokenIssued({ grantType: 'client_credentials', clientType: 'OAuth2Client', format: 'opaque' });
    authn.scriptRun('may_act', 'ok', 0.004);
    const { body, contentType } = await authn.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(sample(body, 'mandate_tokens_issued_total', { service: 'token-service', grant_type: 'client_credentials', format: 'opaque' })).toBe(2);
    expect(sample(body, 'mandate_script_runs_total', { service: 'authn-service', kind: 'may_act', outcome: 'ok' })).toBe(1);
    expect(sample(body, 'mandate_script_run_duration_seconds_count', { service: 'authn-service', kind: 'may_act' })).toBe(1);
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('shares the registry with a second copy of the library, as the embedded mode loads one per bundle', () => {
    let other: typeof import('./metrics-registry') | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import('./metrics-registry')>('./metrics-registry');
    });
    expect(other!.processRegistry()).toBe(processRegistry());
    expect(() => new MandateMetrics('gateway')).not.toThrow();
  });

  it('records a gateway request under its route pattern and status class', async () => {
    const gateway = new MandateMetrics('gateway');
    gateway.httpRequest('POST', '/am/oauth2/access_token', 400, 0.01);
    const { body } = await gateway.exposition();
    expect(sample(body, 'mandate_http_requests_total', { service: 'gateway', method: 'POST', route: '/am/oauth2/access_token', status_class: '4xx' })).toBe(1);
  });

  it('names an error outcome by its OAuth code or CREST reason, and anything unexpected server_error', () => {
    expect(errorOutcome(new InvalidGrantError())).toBe('invalid_grant');
    expect(errorOutcome(CrestError.notFound('nope'))).toBe('not_found');
    expect(errorOutcome(new TypeError('boom'))).toBe('server_error');
  });
});

@Controller()
class SampleHandler {
  @MessagePattern('metrics-test.ok')
  ok() {
    return { ok: true };
  }

  @MessagePattern('metrics-test.refuse')
  refuse(): never {
    throw new InvalidGrantError('log-only');
  }
}

@Module({ controllers: [SampleHandler] })
class SampleModule {}

describe('RPC metrics over the in-process transport', () => {
  const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' });
  const logger = createLogger('metrics-test', 'silent');
  const serviceMetrics = new MandateMetrics('sample-service');
  const callerMetrics = new MandateMetrics('sample-caller');
  let server: INestMicroservice;
  let rpc: RpcClient;

  beforeAll(async () => {
    server = await NestFactory.createMicroservice<MicroserviceOptions>(SampleModule, { ...serverOptions(config, 'sample-service', { observer: (subject, outcome, seconds) => serviceMetrics.rpcHandledMessage(subject, outcome, seconds) }), logger: false });
    server.useGlobalFilters(new RpcErrorFilter(logger));
    await server.listen();
    rpc = new RpcClient(createClient(config, 'sample-caller'), config, logger, callerMetrics);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await server.close();
  });

  it('counts handled messages by subject and outcome, and times the caller’s requests', async () => {
    await rpc.request(testMessage('metrics-test.ok', z.object({ ok: z.boolean() })), {});
    await rpc.request(testMessage('metrics-test.ok', z.object({ ok: z.boolean() })), {});
    await expect(rpc.request(testMessage('metrics-test.refuse', z.unknown()), {})).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(rpc.request(testMessage('metrics-test.nobody', z.unknown()), {})).rejects.toThrow('no-responders');
    const { body } = await serviceMetrics.exposition();
    expect(sample(body, 'mandate_rpc_handled_total', { service: 'sample-service', subject: 'metrics-test.ok', outcome: 'ok' })).toBe(2);
    expect(sample(body, 'mandate_rpc_handled_total', { service: 'sample-service', subject: 'metrics-test.refuse', outcome: 'invalid_grant' })).toBe(1);
    expect(sample(body, 'mandate_rpc_handle_duration_seconds_count', { service: 'sample-service', subject: 'metrics-test.ok' })).toBe(2);
    expect(sample(body, 'mandate_rpc_client_duration_seconds_count', { service: 'sample-caller', subject: 'metrics-test.ok', outcome: 'ok' })).toBe(2);
    expect(sample(body, 'mandate_rpc_client_duration_seconds_count', { service: 'sample-caller', subject: 'metrics-test.refuse', outcome: 'invalid_grant' })).toBe(1);
    expect(sample(body, 'mandate_rpc_client_duration_seconds_count', { service: 'sample-caller', subject: 'metrics-test.nobody', outcome: 'unavailable' })).toBe(1);
  });
});
