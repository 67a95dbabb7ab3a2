import { InvalidRequestError } from '@mandate/oauth';

/**
 * contract §3.6: every failed exchange authorisation answers the same opaque 400, so that a
 * caller learns nothing about tokens, clients or policies; the reason is the log-only `detail`.
 */
export const INVALID_TOKEN_EXCHANGE = 'Invalid token exchange.';
export const INVALID_AUDIENCE = 'Invalid audience requested.';

export function exchangeRefused(reason: string): InvalidRequestError {
  return new InvalidRequestError(INVALID_TOKEN_EXCHANGE, reason);
}

export function audienceRefused(reason: string): InvalidRequestError {
  return new InvalidRequestError(INVALID_AUDIENCE, reason);
}
