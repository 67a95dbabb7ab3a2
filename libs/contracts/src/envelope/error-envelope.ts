import { z } from 'zod';

/**
 * How an error crosses NATS: as data, because Nest collapses unknown exceptions into a
 * generic "Internal server error". The gateway turns an envelope back into the wire shape:
 * `kind: 'oauth'` → `{error, error_description}`, `kind: 'crest'` → `{code, reason, message}`.
 */
export const errorEnvelopeSchema = z.object({
  mandateError: z.literal(true),
  kind: z.enum(['oauth', 'crest']),
  status: z.number().int().min(400).max(599),
  /** OAuth: the RFC error code (`invalid_request`); CREST: the reason phrase (`Not Found`). */
  code: z.string().min(1),
  description: z.string(),
  /** Extra public members of the body (CREST `detail`), never log-only data. */
  detail: z.record(z.string(), z.unknown()).optional(),
  /** Extra response headers the gateway must set (`WWW-Authenticate`). */
  headers: z.record(z.string(), z.string()).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return errorEnvelopeSchema.safeParse(value).success;
}
