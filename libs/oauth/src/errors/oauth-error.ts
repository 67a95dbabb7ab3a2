import { MandateError, RETRY_AFTER_SECONDS } from './mandate-error';

/** RFC 6749 §5.2 / RFC 7009 / RFC 8693 errors, written as `{error, error_description}`. */
export class OAuthError extends MandateError {
  readonly kind = 'oauth' as const;

  constructor(status: number, code: string, description: string, detail?: string) {
    super(status, code, description, detail);
  }
}

export class InvalidRequestError extends OAuthError {
  constructor(description = 'The request is missing a required parameter or is malformed.', detail?: string) {
    super(400, 'invalid_request', description, detail);
  }
}

/** RFC 6749 §5.2: 401, and `WWW-Authenticate` when the client tried HTTP Basic. */
export class InvalidClientError extends OAuthError {
  constructor(detail?: string, usedBasic = false) {
    super(401, 'invalid_client', 'Client authentication failed', detail);
    if (usedBasic) this.headers['WWW-Authenticate'] = 'Basic realm="oauth2"';
  }
}

export class InvalidGrantError extends OAuthError {
  constructor(detail?: string) {
    super(400, 'invalid_grant', 'The provided access grant is invalid, expired, or revoked.', detail);
  }
}

export class UnauthorizedClientError extends OAuthError {
  constructor(description: string, detail?: string) {
    super(400, 'unauthorized_client', description, detail);
  }
}

export class UnsupportedGrantTypeError extends OAuthError {
  constructor(grantType: string) {
    super(400, 'unsupported_grant_type', `Grant type is not supported: ${grantType}`);
  }
}

export class InvalidScopeError extends OAuthError {
  constructor(description: string, detail?: string) {
    super(400, 'invalid_scope', description, detail);
  }
}

/** RFC 8707 §2: a `resource` that is malformed or that the client may not reach. */
export class InvalidTargetError extends OAuthError {
  constructor(description: string, detail?: string) {
    super(400, 'invalid_target', description, detail);
  }
}

export class AccessDeniedError extends OAuthError {
  constructor(description = 'Resource owner did not authorize the request', detail?: string) {
    super(403, 'access_denied', description, detail);
  }
}

export class ServerError extends OAuthError {
  constructor(description = 'The server encountered an unexpected error', detail?: string) {
    super(500, 'server_error', description, detail);
  }
}

/** RFC 6749 §4.1.2.1 `temporarily_unavailable`: a dependency is down; always with Retry-After. */
export class TemporarilyUnavailableError extends OAuthError {
  constructor(description = 'The service is temporarily unavailable', detail?: string) {
    super(503, 'temporarily_unavailable', description, detail);
    this.headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
  }
}

/** RFC 9110 §15.5.6: the endpoint exists but not for this method; `Allow` lists the ones it takes. */
export class MethodNotAllowedError extends OAuthError {
  constructor(allowed: readonly string[]) {
    super(405, 'invalid_request', `This endpoint accepts only ${allowed.join(', ')}`);
    this.headers['Allow'] = allowed.join(', ');
  }
}

/** RFC 9449 §5: a DPoP proof that is missing where required, malformed, or fails a check. */
export class InvalidDpopProofError extends OAuthError {
  constructor(description = 'Invalid DPoP proof', detail?: string) {
    super(400, 'invalid_dpop_proof', description, detail);
  }
}

/** RFC 9449 §8: the server wants a nonce in the proof; the one to use travels in `DPoP-Nonce`. */
export class UseDpopNonceError extends OAuthError {
  constructor(nonce: string, detail?: string) {
    super(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof', detail);
    this.headers['DPoP-Nonce'] = nonce;
  }
}

/** OpenID CIBA Core 1.0 §11 and §13: the token endpoint's answers while a backchannel request is not granted, and bc-authorize's own. */
export class CibaError extends OAuthError {
  static pending(): CibaError {
    return new CibaError(400, 'authorization_pending', 'The authorization request is still pending');
  }
  static slowDown(interval: number): CibaError {
    return new CibaError(400, 'slow_down', `Polling too fast: wait at least ${interval} seconds between requests`);
  }
  static expired(): CibaError {
    return new CibaError(400, 'expired_token', 'The auth_req_id has expired');
  }
  static denied(): CibaError {
    return new CibaError(400, 'access_denied', 'The end-user denied the authorization request');
  }
  static unknownUser(detail?: string): CibaError {
    return new CibaError(400, 'unknown_user_id', 'The hint does not identify a known user', detail);
  }
  static expiredHint(): CibaError {
    return new CibaError(400, 'expired_login_hint_token', 'The hint has expired');
  }
  static invalidBindingMessage(description: string): CibaError {
    return new CibaError(400, 'invalid_binding_message', description);
  }
}
