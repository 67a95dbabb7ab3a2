import type { OAuthError } from '@mandate/oauth';

/**
 * An /authorize error that must not be sent to the redirect URI (RFC 6749 §4.1.2.1, contract
 * §3.9): the client or its redirect URI is not trusted yet, or the request is a forgery.
 * Steps throw it; every other OAuthError a step throws is redirected to the client.
 */
export class AuthorizeRefusal extends Error {
  constructor(readonly error: OAuthError) {
    super(error.message);
    this.name = 'AuthorizeRefusal';
  }
}
