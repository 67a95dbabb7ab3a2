import type { ErrorEnvelope } from '@mandate/contracts';

/**
 * How long a client is asked to wait after a 503 (RFC 9110 §10.2.3 Retry-After): long enough for
 * a restarted process or a reconnect, short enough that an agent retries promptly.
 */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The root of Mandate's error hierarchy. `description` is public (it reaches the client);
 * `detail` is log-only (it never leaves the service that threw it).
 */
export abstract class MandateError extends Error {
  abstract readonly kind: 'oauth' | 'crest';
  readonly headers: Record<string, string> = {};

  protected constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly detail?: string,
  ) {
    super(detail ? `${description} (${detail})` : description);
    this.name = new.target.name;
  }

  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      mandateError: true,
      kind: this.kind,
      status: this.status,
      code: this.code,
      description: this.description,
    };
    if (Object.keys(this.headers).length) envelope.headers = { ...this.headers };
    return envelope;
  }
}
