import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { type Infra, type MandateStack, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { ADMIN_PASSWORD, type DemoStack, formPost, startDemoStack } from './support/demo-stack';

// Issue 10: optional OpenTelemetry tracing. With OTEL_EXPORTER_OTLP_ENDPOINT set, each app sends its
// spans as OTLP/HTTP JSON to `{endpoint}/v1/traces`; here a fake collector records them.

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }> }>;
}
/** A recorded span with its resource's `service.name` and its attributes as a plain record. */
interface Recorded {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/** A minimal OTLP/HTTP collector: records every POST /v1/traces body. */
class FakeCollector {
  readonly bodies: string[] = [];
  readonly paths: string[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void read(req).then((body) => {
        this.paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        if (req.method === 'POST' && req.url === '/v1/traces') this.bodies.push(body);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  spans(): Recorded[] {
    return this.bodies.flatMap((body) =>
      (JSON.parse(body) as OtlpExport).resourceSpans.flatMap((rs) => {
        const service = String(rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue);
        return rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => ({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            kind: s.kind,
            attributes: Object.fromEntries(s.attributes.map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : a.value.boolValue)])),
          })),
        );
      }),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Waits for the batch processors (5 s delay) to send the spans that `found` looks for. */
async function eventually<T>(collector: FakeCollector, found: (spans: Recorded[]) => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = found(collector.spans());
    if (result !== undefined) return result;
    if (Date.now() > until) throw new Error(`spans not found; received: ${collector.spans().map((s) => `${s.service}:${s.name}`).join(', ')} (${collector.paths.join('; ')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const find = (spans: Recorded[], traceId: string, service: string, name: string) => spans.find((s) => s.traceId === traceId && s.service === service && s.name === name);

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

describe('tracing to an OTLP/HTTP collector (distributed)', () => {
  const collector = new FakeCollector();
  let demo: DemoStack | undefined;

  beforeAll(async () => {
    const endpoint = await collector.start();
    demo = await startDemoStack({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  });

  afterAll(async () => {
    await demo?.stop();
    await collector.stop();
  });

  it('links the gateway’s request span, its RPC call and token-service’s handler span in one trace, with no secret or token in any attribute', async () => {
    const res = await http(demo!.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }));
    expect(res.status).toBe(200);
    const accessToken = (res.json as { access_token: string }).access_token;

    const { request, call, handled } = await eventually(collector, (spans) => {
      const request = spans.find((s) => s.service === 'gateway' && s.name === 'POST /am/oauth2/access_token');
      if (!request) return undefined;
      const call = find(spans, request.traceId, 'gateway', 'send token.grant');
      const handled = find(spans, request.traceId, 'token-service', 'process token.grant');
      return call && handled ? { request, call, handled } : undefined;
    });

    expect(request).toMatchObject({
      kind: SPAN_KIND_SERVER,
      parentSpanId: undefined,
      attributes: { 'mandate.service': 'gateway', 'http.request.method': 'POST', 'http.route': '/am/oauth2/access_token', 'http.response.status_code': 200 },
    });
    expect(call).toMatchObject({
      kind: SPAN_KIND_CLIENT,
      parentSpanId: request.spanId,
      attributes: { 'mandate.service': 'gateway', 'messaging.system': 'nats', 'messaging.destination.name': 'token.grant', 'mandate.outcome': 'ok' },
    });
    expect(handled).toMatchObject({
      kind: SPAN_KIND_SERVER,
      parentSpanId: call.spanId,
      attributes: { 'mandate.service': 'token-service', 'messaging.system': 'nats', 'messaging.destination.name': 'token.grant', 'mandate.outcome': 'ok' },
    });

    const everything = collector.bodies.join('\n');
    expect(everything).not.toContain('mySecret');
    expect(everything).not.toContain(accessToken);
  });

  it('makes a service’s own RPC call a child of its handler span (gateway → introspection-service → token-service)', async () => {
    const issued = await http(demo!.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }));
    const accessToken = (issued.json as { access_token: string }).access_token;
    const res = await http(demo!.oauth2('introspect'), formPost({ token: accessToken, client_id: 'hr-agent', client_secret: 'mySecret' }));
    expect(res.status).toBe(200);
    expect((res.json as { active: boolean }).active).toBe(true);

    const chain = await eventually(collector, (spans) => {
      const request = spans.find((s) => s.service === 'gateway' && s.name === 'POST /am/oauth2/introspect');
      if (!request) return undefined;
      const links = [
        ['gateway', 'send introspection.introspect'],
        ['introspection-service', 'process introspection.introspect'],
        ['introspection-service', 'send token.resolve'],
        ['token-service', 'process token.resolve'],
      ].map(([service, name]) => find(spans, request.traceId, service, name));
      return links.every(Boolean) ? [request, ...(links as Recorded[])] : undefined;
    });
    for (let i = 1; i < chain.length; i++) expect({ span: chain[i].name, parent: chain[i].parentSpanId }).toEqual({ span: chain[i].name, parent: chain[i - 1].spanId });
    expect(chain[0].attributes['http.route']).toBe('/am/oauth2/introspect');

    const everything = collector.bodies.join('\n');
    expect(everything).not.toContain('mySecret');
    expect(everything).not.toContain(accessToken);
  });
});

describe('tracing with every app in one process (in-process)', () => {
  const collector = new FakeCollector();
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    const endpoint = await collector.start();
    infra = await startInfra({ postgres: true });
    stack = await startMandate({
      mode: 'in-process',
      infra,
      env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
    await collector.stop();
  });

  it('shares one provider (service.name mandate) and names each span’s app in mandate.service', async () => {
    const res = await http(`${stack!.baseUrl}/oauth2/realms/root/realms/alpha/access_token`, formPost({ grant_type: 'client_credentials', client_id: 'hr-agent', client_secret: 'mySecret', scope: 'read' }));
    expect(res.status).toBe(200);

    const [request, call, handled] = await eventually(collector, (spans) => {
      const request = spans.find((s) => s.name === 'POST /am/oauth2/access_token');
      if (!request) return undefined;
      const call = find(spans, request.traceId, 'mandate', 'send token.grant');
      const handled = find(spans, request.traceId, 'mandate', 'process token.grant');
      return call && handled ? [request, call, handled] : undefined;
    });
    expect([request, call, handled].map((s) => [s.service, s.attributes['mandate.service'], s.parentSpanId])).toEqual([
      ['mandate', 'gateway', undefined],
      ['mandate', 'gateway', request.spanId],
      ['mandate', 'token-service', call.spanId],
    ]);
  });
});
