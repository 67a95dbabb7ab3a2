import { type Tracer, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { loadConfig } from '../config/config';
import { embeddedRegistry } from '../bootstrap/embedded-registry';
import { tracingConfig } from './tracing.config';

/**
 * One tracer provider per process, shared by every app the process runs. The embedded mode loads
 * each app as its own bundle with its own copy of this module, so the state lives on globalThis
 * (as OpenTelemetry's own globals do) and the last app to close shuts the provider down.
 */
const PROCESS_TRACING = Symbol.for('mandate.tracing');

interface ProcessTracing {
  provider: TracerProvider;
  apps: number;
}

function processTracing(): ProcessTracing | undefined {
  return (globalThis as unknown as Record<symbol, ProcessTracing | undefined>)[PROCESS_TRACING];
}

function setProcessTracing(value: ProcessTracing | undefined): void {
  (globalThis as unknown as Record<symbol, ProcessTracing | undefined>)[PROCESS_TRACING] = value;
}

export interface StartTracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Replaces the batching OTLP exporter (tests record spans in memory). */
  processor?: SpanProcessor;
}

/**
 * Called by `startService` before the app is created. Without OTEL_EXPORTER_OTLP_ENDPOINT it does
 * nothing and returns false. Otherwise the first app of the process registers the provider (OTLP/HTTP
 * JSON to `{endpoint}/v1/traces`, batched), the W3C trace-context propagator and an
 * AsyncLocalStorage context manager, so a span stays current across the awaits of a request.
 * `service.name` is the app's name; in the embedded mode (every app in one process) it is `mandate`
 * and each span names its app in `mandate.service`.
 */
export function startTracing(appName: string, options: StartTracingOptions = {}): boolean {
  const endpoint = loadConfig(tracingConfig, options.env).OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint && !options.processor) return false;
  const running = processTracing();
  if (running) {
    running.apps++;
    return true;
  }
  const processor = options.processor ?? new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': embeddedRegistry() ? 'mandate' : appName }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setProcessTracing({ provider, apps: 1 });
  return true;
}

/** On app close: flushes the spans; the last app of the process shuts the provider down and unregisters it. */
export async function stopTracing(): Promise<void> {
  const running = processTracing();
  if (!running) return;
  if (--running.apps > 0) {
    await running.provider.forceFlush();
    return;
  }
  setProcessTracing(undefined);
  await running.provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
}

/** The app's tracer while tracing is on, else undefined: callers test it once and skip all span work. */
export function appTracer(appName: string): Tracer | undefined {
  return processTracing() ? trace.getTracer(appName) : undefined;
}

export function tracingStarted(): boolean {
  return processTracing() !== undefined;
}
