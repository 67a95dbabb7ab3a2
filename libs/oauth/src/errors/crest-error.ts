import type { ErrorEnvelope } from '@mandate/contracts';
import { MandateError, RETRY_AFTER_SECONDS } from './mandate-error';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

/** AM's CREST errors (`/json/...`), written as `{code, reason, message[, detail]}`. */
export class CrestError extends MandateError {
  readonly kind = 'crest' as const;

  constructor(
    status: number,
    message: string,
    detail?: string,
    readonly publicDetail?: Record<string, unknown>,
  ) {
    super(status, reasonPhrase(status), message, detail);
  }

  override toEnvelope(): ErrorEnvelope {
    const envelope = super.toEnvelope();
    if (this.publicDetail) envelope.detail = this.publicDetail;
    return envelope;
  }

  static badRequest(message: string, detail?: string) {
    return new CrestError(400, message, detail);
  }
  static unauthorized(message = 'Access Denied', detail?: string) {
    return new CrestError(401, message, detail);
  }
  static forbidden(message: string, detail?: string) {
    return new CrestError(403, message, detail);
  }
  static notFound(message: string, detail?: string) {
    return new CrestError(404, message, detail);
  }
  static conflict(message: string, detail?: string) {
    return new CrestError(409, message, detail);
  }
  static preconditionFailed(message: string, detail?: string) {
    return new CrestError(412, message, detail);
  }
  static internal(message = 'Internal Server Error', detail?: string) {
    return new CrestError(500, message, detail);
  }
  /** A dependency is down: 503 with Retry-After, as its OAuth twin (`TemporarilyUnavailableError`). */
  static unavailable(message: string, detail?: string) {
    const error = new CrestError(503, message, detail);
    error.headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
    return error;
  }
}
