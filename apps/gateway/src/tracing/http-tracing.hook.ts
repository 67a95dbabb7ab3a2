import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type HttpServerSpan, appTracer, endHttpServerSpan, startHttpServerSpan, withTraceContext } from '@mandate/platform';

declare module 'fastify' {
  interface FastifyRequest {
    traceSpan: HttpServerSpan['span'] | null;
  }
}

/**
 * With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), one SERVER span per request, current for the rest
 * of the request so the RPC calls it makes are its children. Named by the route pattern, as the
 * metrics are: never the URL, whose query may carry codes. With tracing off no hook is installed.
 */
export function installHttpTracing(app: NestFastifyApplication): void {
  const tracer = appTracer('gateway');
  if (!tracer) return;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('traceSpan', null);
  fastify.addHook('onRequest', (request, reply, done) => {
    const { span, context } = startHttpServerSpan(tracer, 'gateway', request.method, request.routeOptions.url, request.headers);
    request.traceSpan = span;
    withTraceContext(context, done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (request.traceSpan) endHttpServerSpan(request.traceSpan, reply.statusCode);
  });
}
