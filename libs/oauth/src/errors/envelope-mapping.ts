import { ContractViolation, isErrorEnvelope, type ErrorEnvelope } from '@mandate/contracts';
import { CrestError } from './crest-error';
import { MandateError } from './mandate-error';
import { OAuthError, ServerError } from './oauth-error';

/** Any thrown value → the envelope that crosses NATS. Unknown errors become `server_error`. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof MandateError || error instanceof ContractViolation) return error.toEnvelope();
  if (isErrorEnvelope(error)) return error;
  return new ServerError().toEnvelope();
}

/** An envelope received from another service → the typed error, for the gateway's one filter. */
export function fromErrorEnvelope(envelope: ErrorEnvelope): MandateError {
  const error =
    envelope.kind === 'oauth'
      ? new OAuthError(envelope.status, envelope.code, envelope.description)
      : new CrestError(envelope.status, envelope.description, undefined, envelope.detail);
  Object.assign(error.headers, envelope.headers ?? {});
  return error;
}
