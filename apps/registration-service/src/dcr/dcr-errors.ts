import { OAuthError } from '@mandate/oauth';

/** RFC 7591 §3.2.2: a metadata value is invalid; the description names the field. */
export class InvalidClientMetadataError extends OAuthError {
  constructor(description: string, detail?: string) {
    super(400, 'invalid_client_metadata', description, detail);
  }
}

/** RFC 7591 §3.2.2: one or more redirection URIs are invalid. */
export class InvalidRedirectUriError extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_redirect_uri', description);
  }
}

/** RFC 7591 §3.2.2: the software statement is invalid or not accepted. */
export class InvalidSoftwareStatementError extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_software_statement', description);
  }
}

/**
 * RFC 6750 §3.1 / RFC 7592 §2: a missing, unknown or wrong Bearer token (initial or
 * registration access token) answers 401 with `WWW-Authenticate: Bearer`.
 */
export class InvalidTokenError extends OAuthError {
  constructor(description = 'The access token provided is expired, revoked, malformed, or invalid for other reasons.', detail?: string) {
    super(401, 'invalid_token', description, detail);
    this.headers['WWW-Authenticate'] = 'Bearer realm="oauth2", error="invalid_token"';
  }
}

/** RFC 6750 §3.1: a valid access token without the provider's registration scope (am-spec §11.2). */
export class InsufficientScopeError extends OAuthError {
  constructor(scope: string, detail?: string) {
    super(403, 'insufficient_scope', `The access token does not carry the scope ${scope}`, detail);
    this.headers['WWW-Authenticate'] = `Bearer realm="oauth2", error="insufficient_scope", scope="${scope}"`;
  }
}

/** contract §3.12 / am-spec §11.5: a failing DCR script answers 500 `server_error` with this text. */
export const DCR_SCRIPT_FAILED = 'Error running dynamic client registration script';
