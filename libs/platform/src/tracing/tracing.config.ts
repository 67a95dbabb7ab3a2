import { z } from 'zod';
import { defineConfig } from '../config/config';

/**
 * Optional tracing, by the standard OpenTelemetry variable.
 * - OTEL_EXPORTER_OTLP_ENDPOINT: an OTLP/HTTP collector base URL (`http://collector:4318`); spans
 *   are sent as JSON to `{endpoint}/v1/traces`. Unset or empty: tracing is off, nothing is registered.
 */
export const tracingConfig = defineConfig(
  'tracing',
  z.object({
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .trim()
      .refine((v) => v === '' || /^https?:\/\/[^\s?#]+$/.test(v), 'an http(s) URL without query or fragment')
      .transform((v) => v.replace(/\/+$/, '') || undefined)
      .optional(),
  }),
);
export type TracingConfig = z.infer<typeof tracingConfig.schema>;
