import { ProxyTracerProvider, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { headers as natsHeaders } from 'nats';
import { MessageInstrumentation } from '../transport/message-observer';
import { endRpcSpan, startRpcClientSpan } from './spans';
import { appTracer, startTracing, stopTracing, tracingStarted } from './tracing';

describe('tracing off', () => {
  it('registers nothing and hands out no tracer when OTEL_EXPORTER_OTLP_ENDPOINT is unset or empty', async () => {
    expect(startTracing('token-service', { env: {} })).toBe(false);
    expect(startTracing('token-service', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' } })).toBe(false);
    expect(tracingStarted()).toBe(false);
    expect(appTracer('token-service')).toBeUndefined();
    const provider = trace.getTracerProvider() as ProxyTracerProvider;
    expect(provider).toBeInstanceOf(ProxyTracerProvider);
    expect(provider.getDelegate().constructor.name).toBe('NoopTracerProvider'); // nothing registered
    await stopTracing(); // a no-op
  });

  it('leaves NATS headers without trace context and handles requests without a span', () => {
    const instrumentation = new MessageInstrumentation();
    const headers = natsHeaders();
    const span = instrumentation.run(headers, () => instrumentation.span(), 'test.echo');
    expect(span).toBeUndefined();
    expect(headers.keys()).toEqual([]);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => startTracing('gateway', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' } })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

describe('tracing on', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    // Two apps in one process (the embedded mode): one provider, registered once.
    expect(startTracing('gateway', { processor: new SimpleSpanProcessor({ exporter }) })).toBe(true);
    expect(startTracing('token-service', { processor: new SimpleSpanProcessor({ exporter }) })).toBe(true);
  });

  afterAll(async () => {
    await stopTracing();
    expect(tracingStarted()).toBe(true); // one app still open
    await stopTracing();
    expect(tracingStarted()).toBe(false);
    expect(appTracer('gateway')).toBeUndefined();
  });

  const byName = (name: string): ReadableSpan => {
    const span = exporter.getFinishedSpans().find((s) => s.name === name);
    if (!span) throw new Error(`no span ${name}: ${exporter.getFinishedSpans().map((s) => s.name)}`);
    return span;
  };

  it('makes the handler span a child of the caller span, and the handler’s own calls children of the handler span', () => {
    const caller = appTracer('gateway')!;
    const server = new MessageInstrumentation();
    server.tracer = appTracer('token-service');
    server.service = 'token-service';

    const headers = natsHeaders();
    const client = startRpcClientSpan(caller, 'gateway', 'token.grant', headers);
    expect(headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const started = process.hrtime.bigint();
    server.run(
      headers,
      () => {
        const handling = server.span();
        const nestedHeaders = natsHeaders();
        endRpcSpan(startRpcClientSpan(server.tracer!, 'token-service', 'authorize.code.consume', nestedHeaders), 'ok');
        server.settled('token.grant', started, { code: 'invalid_grant' }, handling);
      },
      'token.grant',
    );
    endRpcSpan(client, 'invalid_grant');

    const send = byName('send token.grant');
    const handled = byName('process token.grant');
    const nested = byName('send authorize.code.consume');
    expect(send.kind).toBe(SpanKind.CLIENT);
    expect(handled.kind).toBe(SpanKind.SERVER);
    expect(handled.spanContext().traceId).toBe(send.spanContext().traceId);
    expect(handled.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(nested.parentSpanContext?.spanId).toBe(handled.spanContext().spanId);
    expect(handled.attributes).toEqual({
      'mandate.service': 'token-service',
      'messaging.system': 'nats',
      'messaging.destination.name': 'token.grant',
      'mandate.outcome': 'invalid_grant',
    });
    expect(send.attributes['mandate.service']).toBe('gateway');
    expect(handled.instrumentationScope.name).toBe('token-service');
  });
});
