import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';

/**
 * The spans Mandate makes by hand at its seams (the apps are bundles, so no auto-instrumentation).
 * Attribute values are names and outcomes only: methods, route patterns, subjects, status codes,
 * error codes. Never a URL, a header value, a body, a token or a secret.
 */
export const SERVICE_ATTRIBUTE = 'mandate.service';
export const OUTCOME_ATTRIBUTE = 'mandate.outcome';

const natsHeaderSetter: TextMapSetter<MsgHdrs> = { set: (headers, key, value) => headers.set(key, value) };
const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (headers) => (headers ? headers.keys() : []),
  get: (headers, key) => headers?.get(key) || undefined,
};

/** A CLIENT span for one RPC request; its W3C `traceparent`/`tracestate` go into the request's headers. */
export function startRpcClientSpan(tracer: Tracer, service: string, subject: string, headers: MsgHdrs): Span {
  const span = tracer.startSpan(`send ${subject}`, { kind: SpanKind.CLIENT, attributes: messagingAttributes(service, subject) });
  propagation.inject(trace.setSpan(context.active(), span), headers, natsHeaderSetter);
  return span;
}

/**
 * Runs a received request's handler inside a SERVER span, child of the caller's span when its
 * headers carry one; the handler's own RPC calls become children of this span.
 */
export function runInRpcServerSpan<T>(tracer: Tracer, service: string, subject: string, headers: MsgHdrs | undefined, fn: () => T): T {
  const parent = propagation.extract(ROOT_CONTEXT, headers, natsHeaderGetter);
  const span = tracer.startSpan(`process ${subject}`, { kind: SpanKind.SERVER, attributes: messagingAttributes(service, subject) }, parent);
  return context.with(trace.setSpan(parent, span), fn);
}

/** The span current in this async context (the request being handled), if any. */
export function currentSpan(): Span | undefined {
  return trace.getActiveSpan();
}

/** Ends an RPC span with its outcome: `ok` or an error code; unexpected failures mark the span as an error. */
export function endRpcSpan(span: Span, outcome: string): void {
  span.setAttribute(OUTCOME_ATTRIBUTE, outcome);
  if (outcome === 'server_error' || outcome === 'unavailable') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

export interface HttpServerSpan {
  span: Span;
  context: Context;
}

/**
 * A SERVER span for one HTTP request, child of the caller's `traceparent` if it sent one. `route` is
 * the route pattern (`/am/oauth2/access_token`), never the URL: query strings carry codes and tokens.
 */
export function startHttpServerSpan(tracer: Tracer, service: string, method: string, route: string | undefined, headers: Record<string, unknown>): HttpServerSpan {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const attributes: Attributes = { [SERVICE_ATTRIBUTE]: service, 'http.request.method': method };
  if (route) attributes['http.route'] = route;
  const span = tracer.startSpan(route ? `${method} ${route}` : method, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` (the rest of the request) with `ctx` current. */
export function withTraceContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

export function endHttpServerSpan(span: Span, statusCode: number): void {
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

function messagingAttributes(service: string, subject: string): Attributes {
  return { [SERVICE_ATTRIBUTE]: service, 'messaging.system': 'nats', 'messaging.destination.name': subject };
}
