import 'reflect-metadata';
import { Controller, type DynamicModule, Inject, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, MessagePattern, type MicroserviceOptions, NatsRecordBuilder, Payload } from '@nestjs/microservices';
import { CORRELATION_HEADER, ContractViolation, DEADLINE_HEADER, defineMessage, realmPathSchema } from '@mandate/contracts';
import { CrestError, InvalidClientError, InvalidGrantError, OAuthError } from '@mandate/oauth';
import { startLocalNats, type LocalNats } from '@mandate/testing';
import type { Socket } from 'node:net';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import pino from 'pino';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { loadConfig } from '../config/config';
import { transportConfig, type TransportConfig } from '../config/slices';
import { currentCorrelationId, remainingBudgetMs, withCorrelationId } from '../logging/correlation';
import { createLogger, type Logger } from '../logging/logger';
import { type RpcTransport, createClient, serverOptions } from '../transport/transport';
import { Handles } from './handles.decorator';
import { RpcErrorFilter } from './rpc-error.filter';
import { RpcClient, ServiceUnavailableError } from './rpc.client';

/** A message on a test subject: any payload, the reply checked against `reply`. */
const typedMessage = defineMessage({
  subject: 'test.typed',
  request: z.object({ realm: realmPathSchema }),
  reply: z.object({ realm: z.string() }),
  servedBy: 'token-service',
  calledBy: [],
});
const testMessage = <R extends z.ZodType>(subject: string, reply: R) => defineMessage({ subject, request: z.unknown(), reply, servedBy: 'token-service', calledBy: [] });

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INSTANCE = Symbol('test-instance');
const SLOW_MS = 2_000;

/** Handlers still running (test.slow outlives its caller's timeout); awaited before servers close. */
const inflight = new Set<Promise<unknown>>();

/** How often test.count ran; the client test.nested calls test.slow with; what that call ended with. */
let counted = 0;
let nestedRpc: RpcClient | undefined;
let nestedOutcome: Promise<{ why: unknown; ms: number }> | undefined;

const echoReplySchema = z.object({
  payload: z.unknown(),
  correlationId: z.string().optional(),
  instance: z.string(),
});

@Controller()
class TestHandler {
  constructor(@Inject(INSTANCE) private readonly instance: string) {}

  @MessagePattern('test.echo')
  echo(@Payload() payload: unknown) {
    return { payload, correlationId: currentCorrelationId(), instance: this.instance };
  }

  @MessagePattern('test.fail')
  fail(@Payload() payload: { kind: string }) {
    switch (payload.kind) {
      case 'crest':
        throw CrestError.notFound('nope', 'log-only: realm table lookup missed');
      case 'crest-public':
        throw new CrestError(401, 'Login failure', 'log-only: bad password for demo', { failureUrl: '/login?failed' });
      case 'oauth':
        throw new InvalidGrantError('log-only: code already redeemed by hr-agent');
      case 'oauth-basic':
        throw new InvalidClientError('log-only: secret mismatch', true);
      default:
        throw new Error(`unknown kind ${payload.kind}`);
    }
  }

  @MessagePattern('test.crash')
  crash(): never {
    throw new TypeError('boom');
  }

  @MessagePattern('test.slow')
  slow() {
    const done = new Promise((resolve) => setTimeout(() => resolve({ done: true }), SLOW_MS));
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    return done;
  }

  @MessagePattern('test.budget')
  budget() {
    return { budget: remainingBudgetMs() ?? null };
  }

  @MessagePattern('test.count')
  count() {
    return { count: ++counted };
  }

  /** Calls test.slow itself, as a service calls another for its caller, and records how that ended. */
  @MessagePattern('test.nested')
  nested() {
    const started = performance.now();
    const call = nestedRpc!.request(testMessage('test.slow', z.unknown()), {});
    nestedOutcome = call.then(
      () => ({ why: 'replied', ms: performance.now() - started }),
      (error: unknown) => ({ why: (error as ServiceUnavailableError).why, ms: performance.now() - started }),
    );
    return call;
  }

  @Handles(typedMessage)
  typed(request: { realm: string }) {
    return { realm: request.realm };
  }
}

@Module({})
class TestServiceModule {
  static instance(id: string): DynamicModule {
    return { module: TestServiceModule, controllers: [TestHandler], providers: [{ provide: INSTANCE, useValue: id }] };
  }
}

/** The logger's own pino stream, pointed at an array: what the service would have logged. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const logger = createLogger('test-service', 'info');
  const lines: string[] = [];
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
    write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)),
  };
  return { logger, lines };
}

/** Wired as startService wires a service: the RPC filter and the correlation interceptor, in a queue group. */
async function startTestService(config: TransportConfig, instance: string, logger: Logger): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(TestServiceModule.instance(instance), {
    ...serverOptions(config, 'test-service'),
    logger: false,
    abortOnError: false,
  });
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  if (config.MANDATE_TRANSPORT === 'nats') {
    // The queue subscription is on the server by the time the first request is published.
    await app.unwrap<NatsConnection>().flush();
  }
  return app;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe.each(['inproc', 'nats'] as const)('RPC over the %s transport', (kind) => {
  let nats: LocalNats | undefined;
  let config: TransportConfig;
  let server: INestMicroservice;
  let serverLog: string[];
  const clients: Array<{ close(): unknown }> = [];
  const clientLogger = createLogger('test-client', 'silent');

  function configWith(env: Record<string, string> = {}): TransportConfig {
    return loadConfig(transportConfig, { MANDATE_TRANSPORT: kind, ...(nats ? { NATS_URL: nats.url } : {}), RPC_TIMEOUT_MS: '5000', ...env });
  }

  function rpcClient(cfg = config): RpcClient {
    const transport = createClient(cfg, 'test-client');
    clients.push(transport);
    return new RpcClient(transport, cfg, clientLogger);
  }

  beforeAll(async () => {
    if (kind === 'nats') nats = await startLocalNats();
    config = configWith();
    const captured = capturingLogger();
    serverLog = captured.lines;
    server = await startTestService(config, 'A', captured.logger);
  });

  afterAll(async () => {
    await Promise.allSettled([...inflight]);
    for (const client of clients) await client.close();
    await server?.close();
    await nats?.stop();
  });

  it('echoes a payload and propagates the caller’s correlation id', async () => {
    const rpc = rpcClient();
    const reply = await withCorrelationId('corr-echo-1', () => rpc.request(testMessage('test.echo', echoReplySchema), { hello: 'world', n: 1 }));
    expect(reply).toEqual({ payload: { hello: 'world', n: 1 }, correlationId: 'corr-echo-1', instance: 'A' });
  });

  it('keeps concurrent callers’ correlation ids apart', async () => {
    const rpc = rpcClient();
    const ids = Array.from({ length: 10 }, (_, i) => `corr-concurrent-${i}`);
    const replies = await Promise.all(ids.map((id) => withCorrelationId(id, () => rpc.request(testMessage('test.echo', echoReplySchema), { id }))));
    expect(replies.map((r) => r.correlationId)).toEqual(ids);
    expect(replies.map((r) => (r.payload as { id: string }).id)).toEqual(ids);
  });

  it('gives a request without a caller correlation id a fresh one on the service side', async () => {
    const rpc = rpcClient();
    const first = await rpc.request(testMessage('test.echo', echoReplySchema), {});
    const second = await rpc.request(testMessage('test.echo', echoReplySchema), {});
    expect(first.correlationId).toMatch(UUID);
    expect(second.correlationId).toMatch(UUID);
    expect(first.correlationId).not.toBe(second.correlationId);
  });

  it('replaces a forged correlation id header with a generated one', async () => {
    const transport: ClientProxy = createClient(config, 'test-raw-client');
    clients.push(transport);
    const headers = natsHeaders();
    headers.set(CORRELATION_HEADER, '"}{"level":60,"msg":"forged" ');
    const reply = await firstValueFrom(transport.send('test.echo', new NatsRecordBuilder({}).setHeaders(headers).build()));
    expect(echoReplySchema.parse(reply).correlationId).toMatch(UUID);
  });

  it('delivers a CREST error as a CrestError with status, reason and message, without its log-only detail', async () => {
    const error = await rejectionOf(withCorrelationId('corr-crest', () => rpcClient().request(testMessage('test.fail', z.unknown()), { kind: 'crest' })));
    expect(error).toBeInstanceOf(CrestError);
    const crest = error as CrestError;
    expect(crest).toMatchObject({ kind: 'crest', status: 404, code: 'Not Found', description: 'nope' });
    expect(crest.detail).toBeUndefined();
    expect(crest.publicDetail).toBeUndefined();
    expect(crest.message).toBe('nope');
    expect(JSON.stringify({ ...crest, message: crest.message })).not.toContain('log-only');
    // The detail stays in the service's own log, under the caller's correlation id.
    const logged = serverLog.map((l) => JSON.parse(l)).find((l) => l.detail === 'log-only: realm table lookup missed');
    expect(logged).toMatchObject({ msg: 'request refused', subject: 'test.fail', status: 404, correlationId: 'corr-crest' });
  });

  it('delivers a CREST error’s public detail', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.fail', z.unknown()), { kind: 'crest-public' }));
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 401, code: 'Unauthorized', description: 'Login failure', publicDetail: { failureUrl: '/login?failed' } });
    expect((error as CrestError).detail).toBeUndefined();
    expect((error as Error).message).not.toContain('bad password');
  });

  it('delivers an OAuth error as an OAuthError with status, code and description, without its log-only detail', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.fail', z.unknown()), { kind: 'oauth' }));
    expect(error).toBeInstanceOf(OAuthError);
    const oauth = error as OAuthError;
    expect(oauth).toMatchObject({
      kind: 'oauth',
      status: 400,
      code: 'invalid_grant',
      description: 'The provided access grant is invalid, expired, or revoked.',
    });
    expect(oauth.detail).toBeUndefined();
    expect(oauth.message).not.toContain('hr-agent');
    expect(oauth.headers).toEqual({});
  });

  it('delivers the headers an OAuth error asks for', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.fail', z.unknown()), { kind: 'oauth-basic' }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client', headers: { 'WWW-Authenticate': 'Basic realm="oauth2"' } });
    expect((error as Error).message).not.toContain('secret mismatch');
  });

  it('answers an unexpected exception as server_error without its message', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.crash', z.unknown()), {}));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'The server encountered an unexpected error' });
    expect((error as OAuthError).detail).toBeUndefined();
    expect((error as Error).message).not.toContain('boom');
    expect(serverLog.some((l) => l.includes('"msg":"handler failed"') && l.includes('boom'))).toBe(true);
  });

  it('answers a request that violates the handler’s contract as server_error', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.typed', z.unknown()), { realm: 'alpha' }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'Internal message contract violated' });
    expect(serverLog.some((l) => l.includes('"msg":"message violates its contract"') && l.includes('realm: a realm path'))).toBe(true);
    await expect(rpcClient().request(typedMessage, { realm: '/alpha' })).resolves.toEqual({ realm: '/alpha' });
  });

  it('refuses to send a request that violates its contract, answering as the server would', async () => {
    const error = await rejectionOf(rpcClient().request(typedMessage, { realm: 'alpha' }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'Internal message contract violated' });
  });

  it('refuses a reply that violates the reply schema with a ContractViolation', async () => {
    const error = await rejectionOf(rpcClient().request(testMessage('test.echo', z.object({ issuer: z.string().url() })), { x: 1 }));
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).subject).toBe('test.echo (reply)');
    expect((error as ContractViolation).issues).toEqual([expect.stringMatching(/^issuer: /)]);
  });

  if (kind === 'nats') {
    it('sends requests over one reply subscription, not one per request', async () => {
      const transport = createClient(config, 'test-mux-client');
      clients.push(transport);
      const rpc = new RpcClient(transport, config, clientLogger);
      await rpc.request(testMessage('test.echo', echoReplySchema), { warm: true });
      const connection = transport.unwrap<NatsConnection>();
      const subscriptions = () => (connection as unknown as { protocol: { subscriptions: { size(): number } } }).protocol.subscriptions.size();
      const before = subscriptions();
      const replies = await Promise.all(Array.from({ length: 20 }, (_, n) => rpc.request(testMessage('test.echo', echoReplySchema), { n })));
      expect(replies.map((r) => (r.payload as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(before).toBe(1);
      expect(subscriptions()).toBe(1);
    });

    it('forgets a request that timed out, and ignores its late reply', async () => {
      const cfg = configWith({ RPC_TIMEOUT_MS: '300' });
      const transport = createClient(cfg, 'test-late-client');
      clients.push(transport);
      const rpc = new RpcClient(transport, cfg, clientLogger);
      await rpc.request(testMessage('test.echo', echoReplySchema), { warm: true });
      // The requests waiting for a reply (a held probe's entry has no subject).
      const waiting = () => [...(transport as unknown as { replies: { waiting: Map<string, { subject?: string }> } }).replies.waiting.values()].filter((w) => w.subject).length;
      await expect(rpc.request(testMessage('test.slow', z.unknown()), {})).rejects.toMatchObject({ why: 'timeout' });
      expect(waiting()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS)); // the slow reply arrives now, unclaimed
      await expect(rpc.request(testMessage('test.echo', echoReplySchema), { after: true })).resolves.toMatchObject({ payload: { after: true } });
      expect(waiting()).toBe(0);
    });

    it('writes the requests one event-loop turn sends in one socket write', async () => {
      const transport = createClient(config, 'test-coalescing-client');
      clients.push(transport);
      const rpc = new RpcClient(transport, config, clientLogger);
      await rpc.request(testMessage('test.echo', echoReplySchema), { warm: true });
      const socket = (transport.unwrap<NatsConnection>() as unknown as { protocol: { transport: { socket: Socket } } }).protocol.transport.socket;
      const write = jest.spyOn(socket, 'write');
      try {
        // Twenty callbacks of one turn, as twenty HTTP requests read together would be; nats.js
        // alone flushes after each callback's microtasks, so twenty writes.
        const replies = await new Promise<Array<z.infer<typeof echoReplySchema>>>((resolve, reject) => {
          const pending: Array<Promise<z.infer<typeof echoReplySchema>>> = [];
          for (let n = 0; n < 20; n++) setImmediate(() => pending.push(rpc.request(testMessage('test.echo', echoReplySchema), { n })));
          setImmediate(() => Promise.all(pending).then(resolve, reject));
        });
        expect(replies.map((r) => (r.payload as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
        expect(write).toHaveBeenCalledTimes(1);
      } finally {
        write.mockRestore();
      }
    });
  }

  it('tells the service how long its caller will still wait', async () => {
    const rpc = rpcClient(configWith({ RPC_TIMEOUT_MS: '800' }));
    const { budget } = await rpc.request(testMessage('test.budget', z.object({ budget: z.number() })), {});
    expect(budget).toBeLessThanOrEqual(800);
    expect(budget).toBeGreaterThan(500);
  });

  it('bounds a service’s own call by what its caller has left, not by a fresh RPC_TIMEOUT_MS', async () => {
    nestedRpc = rpcClient(configWith({ RPC_TIMEOUT_MS: '5000' }));
    const rpc = rpcClient(configWith({ RPC_TIMEOUT_MS: '400' }));
    // Either its own timer or the nested call's failure answers first: both end at about 400 ms.
    await rejectionOf(rpc.request(testMessage('test.nested', z.unknown()), {}));
    // test.slow takes 2 s: the nested call gave up with its caller, at about 400 ms, not after 5 s.
    const outcome = await nestedOutcome!;
    expect(outcome.why).toBe('timeout');
    expect(outcome.ms).toBeLessThan(1_000);
  });

  it('drops unhandled a request whose caller has already given up', async () => {
    const rpc = rpcClient();
    const before = (await rpc.request(testMessage('test.count', z.object({ count: z.number() })), {})).count;
    const transport = createClient(config, 'test-budget-client');
    clients.push(transport);
    const headers = natsHeaders();
    headers.set(DEADLINE_HEADER, '0');
    // No reply: over NATS the held probe finds no instance with it and fails it, else the bound does.
    await expect(transport.request('test.count', new NatsRecordBuilder({}).setHeaders(headers).build(), 300)).rejects.toThrow(/no reply in time|instance handling the request is gone/);
    const after = (await rpc.request(testMessage('test.count', z.object({ count: z.number() })), {})).count;
    expect(after).toBe(before + 1); // the dropped one never ran
  });

  it('refuses to send a call for a caller that has given up, answering timeout at once', async () => {
    const rpc = rpcClient();
    const before = (await rpc.request(testMessage('test.count', z.object({ count: z.number() })), {})).count;
    const error = await rejectionOf(withCorrelationId('corr-spent', () => rpc.request(testMessage('test.count', z.unknown()), {}), 0));
    expect(error).toMatchObject({ subject: 'test.count', why: 'timeout' });
    const after = (await rpc.request(testMessage('test.count', z.object({ count: z.number() })), {})).count;
    expect(after).toBe(before + 1);
  });

  it('answers no-responders as ServiceUnavailableError at once', async () => {
    const rpc = rpcClient();
    await rpc.request(testMessage('test.echo', echoReplySchema), {}); // connected: the time measured below is the request's
    const started = Date.now();
    const error = await rejectionOf(rpc.request(testMessage('test.nobody-listens', z.unknown()), {}));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ subject: 'test.nobody-listens', why: 'no-responders' });
    expect(elapsed).toBeLessThan(500);
  });

  it('answers a service slower than RPC_TIMEOUT_MS as ServiceUnavailableError timeout', async () => {
    const rpc = rpcClient(configWith({ RPC_TIMEOUT_MS: '300' }));
    await rpc.request(testMessage('test.echo', echoReplySchema), {});
    const started = Date.now();
    const error = await rejectionOf(rpc.request(testMessage('test.slow', z.unknown()), {}));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ subject: 'test.slow', why: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1000);
  });

  it('shares the load between two instances of a service, and stops sending to one that closed', async () => {
    const second = await startTestService(config, 'B', createLogger('test-service', 'silent'));
    let closed = false;
    try {
      const rpc = rpcClient();
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => rpc.request(testMessage('test.echo', echoReplySchema), { i })));
      const count = (id: string) => replies.filter((r) => r.instance === id).length;
      expect(count('A') + count('B')).toBe(20);
      if (kind === 'inproc') {
        // The in-process bus picks round-robin.
        expect(count('A')).toBe(10);
        expect(count('B')).toBe(10);
      } else {
        expect(count('A')).toBeGreaterThan(0);
        expect(count('B')).toBeGreaterThan(0);
      }
      await second.close();
      closed = true;
      const after = await Promise.all(Array.from({ length: 6 }, () => rpc.request(testMessage('test.echo', echoReplySchema), {})));
      expect(after.map((r) => r.instance)).toEqual(Array(6).fill('A'));
    } finally {
      if (!closed) await second.close();
    }
  });

  it('finishes the requests an instance is handling when it closes', async () => {
    const second = await startTestService(config, 'B', createLogger('test-service', 'silent'));
    const rpc = rpcClient();
    await rpc.request(testMessage('test.echo', echoReplySchema), {});
    const pending = Array.from({ length: 6 }, () => rpc.request(testMessage('test.slow', z.object({ done: z.literal(true) })), {}));
    await new Promise((resolve) => setTimeout(resolve, 300)); // all six are being handled now
    await second.close();
    await expect(Promise.all(pending)).resolves.toEqual(Array(6).fill({ done: true }));
  });
});

describe('RPC over NATS when the bus goes away', () => {
  let nats: LocalNats;
  let config: TransportConfig;
  let server: INestMicroservice;
  let rpc: RpcClient;
  let transport: RpcTransport;

  beforeAll(async () => {
    nats = await startLocalNats();
    config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'nats', NATS_URL: nats.url, RPC_TIMEOUT_MS: '5000' });
    server = await startTestService(config, 'A', createLogger('test-service', 'silent'));
    transport = createClient(config, 'test-lost-client');
    rpc = new RpcClient(transport, config, createLogger('test-client', 'silent'));
    await rpc.request(testMessage('test.echo', echoReplySchema), { warm: true });
  });

  afterAll(async () => {
    await Promise.allSettled([...inflight]);
    await transport?.close();
    await server?.close();
    await nats?.stop();
  });

  it('fails the requests waiting on a lost connection at once, fails new ones until it is back, then serves again', async () => {
    const pending = Array.from({ length: 5 }, () => rejectionOf(rpc.request(testMessage('test.slow', z.unknown()), {})));
    await new Promise((resolve) => setTimeout(resolve, 200)); // all five are with the service now
    const killed = performance.now();
    await nats.stop();
    const errors = await Promise.all(pending);
    const failedAfter = performance.now() - killed;
    for (const error of errors) {
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error).toMatchObject({ subject: 'test.slow', why: 'connection-lost' });
    }
    // Not RPC_TIMEOUT_MS (5 s), nor test.slow's 2 s: as soon as the client saw the socket close.
    expect(failedAfter).toBeLessThan(1_000);

    const whileDown = performance.now();
    await expect(rpc.request(testMessage('test.echo', echoReplySchema), { down: true })).rejects.toMatchObject({ why: 'connection-lost' });
    expect(performance.now() - whileDown).toBeLessThan(200);

    await nats.start();
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const reply = await rpc.request(testMessage('test.echo', echoReplySchema), { back: true });
        expect(reply.payload).toEqual({ back: true });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
});

describe('RPC over NATS when the instance handling a request dies', () => {
  let nats: LocalNats;
  let config: TransportConfig;
  let rpc: RpcClient;
  let transport: RpcTransport;
  const servers: INestMicroservice[] = [];

  /** As kill -9 would, from the bus's side: the instance's connection is gone, nothing drained or answered. */
  const killHard = (server: INestMicroservice) => server.unwrap<NatsConnection>().close();
  const slow = () => rpc.request(testMessage('test.slow', z.object({ done: z.literal(true) })), {});
  const settleOf = (call: Promise<unknown>) =>
    call.then(
      (value) => ({ ok: true as const, value, at: performance.now() }),
      (error: unknown) => ({ ok: false as const, error, at: performance.now() }),
    );

  beforeAll(async () => {
    nats = await startLocalNats();
    config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'nats', NATS_URL: nats.url, RPC_TIMEOUT_MS: '5000' });
    transport = createClient(config, 'test-victim-client');
    rpc = new RpcClient(transport, config, createLogger('test-client', 'silent'));
  });

  afterEach(async () => {
    await Promise.allSettled([...inflight]);
    await Promise.allSettled(servers.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await transport?.close();
    await nats?.stop();
  });

  it('fails the requests of the only instance as soon as it is gone, not at the timeout', async () => {
    const only = await startTestService(config, 'A', createLogger('test-service', 'silent'));
    servers.push(only);
    await rpc.request(testMessage('test.echo', echoReplySchema), { warm: true });
    const calls = Array.from({ length: 4 }, () => settleOf(slow()));
    let early = false;
    void Promise.race(calls).then(() => (early = true));
    await new Promise((resolve) => setTimeout(resolve, 300)); // several probe rounds: all four held
    expect(early).toBe(false);
    const killed = performance.now();
    await killHard(only);
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toMatchObject({ subject: 'test.slow', why: 'responder-lost' });
      expect(outcome.at - killed).toBeLessThan(500);
    }
  });

  it('fails only the requests of the instance that died; the other instance’s are answered', async () => {
    const survivor = await startTestService(config, 'A', createLogger('test-service', 'silent'));
    const victim = await startTestService(config, 'B', createLogger('test-service', 'silent'));
    servers.push(survivor, victim);
    const replies = await Promise.all(Array.from({ length: 10 }, () => rpc.request(testMessage('test.echo', echoReplySchema), {})));
    expect(new Set(replies.map((r) => r.instance))).toEqual(new Set(['A', 'B']));
    const calls = Array.from({ length: 12 }, () => settleOf(slow()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killed = performance.now();
    await killHard(victim);
    const outcomes = await Promise.all(calls);
    const failed = outcomes.filter((o) => !o.ok);
    const answered = outcomes.filter((o) => o.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(0);
    for (const outcome of failed) {
      expect(!outcome.ok && outcome.error).toMatchObject({ why: 'responder-lost' });
      expect(outcome.at - killed).toBeLessThan(600);
    }
    // The survivor's requests were probed every 50 ms for 2 s and never taken for lost.
    for (const outcome of answered) expect(outcome.ok && outcome.value).toEqual({ done: true });
  });
});
