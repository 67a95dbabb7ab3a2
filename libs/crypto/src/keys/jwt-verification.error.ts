/**
 * Why a JWT was not accepted. Callers map it to their protocol's answer (introspection:
 * `active: false`; token exchange: `invalid_request`); `message` is for logs only.
 */
export type JwtRejection =
  | 'malformed'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'claim_invalid';

export class JwtVerificationError extends Error {
  constructor(
    readonly reason: JwtRejection,
    message: string,
  ) {
    super(message);
    this.name = 'JwtVerificationError';
  }
}
