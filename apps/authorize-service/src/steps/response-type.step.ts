import type { ClientView } from '@mandate/contracts';
import { InvalidRequestError, OAuthError } from '@mandate/oauth';

/** RFC 6749 §4.1.2.1 */
export class UnsupportedResponseTypeError extends OAuthError {
  constructor(description: string, detail?: string) {
    super(400, 'unsupported_response_type', description, detail);
  }
}

/**
 * Step 3 (am-spec §3.1): `response_type` is required; Mandate issues codes only, and the client
 * must be allowed the type (`advancedOAuth2ClientConfig.responseTypes`).
 */
export function checkResponseType(client: ClientView, responseType: string | undefined): 'code' {
  if (!responseType) throw new InvalidRequestError('Missing parameters: response_type');
  if (responseType !== 'code') throw new UnsupportedResponseTypeError('Response type is not supported: only code is', responseType);
  if (!client.responseTypes.includes('code')) throw new UnsupportedResponseTypeError('Response type is not allowed for this client: code', client.clientId);
  return 'code';
}
