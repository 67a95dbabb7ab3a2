import type { ClientView } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { AuthorizeRefusal } from './authorize-refusal';

export const REDIRECT_MISMATCH = 'The redirection URI provided does not match a pre-registered value.';

/**
 * Step 2 (am-spec §3.1, contract §3.9): a sent `redirect_uri` must equal a registered one as an
 * exact string; without one the client's single registered URI applies. Any failure is 400,
 * never a redirect. Answers where to send the response.
 */
export function checkRedirectUri(client: ClientView, sent: string | undefined, repeated: readonly string[]): string {
  if (repeated.includes('redirect_uri')) throw new AuthorizeRefusal(new InvalidRequestError('Parameters sent more than once: redirect_uri'));
  if (sent !== undefined) {
    if (!client.redirectUris.includes(sent)) throw new AuthorizeRefusal(new InvalidRequestError(REDIRECT_MISMATCH, `client ${client.clientId}`));
    return sent;
  }
  if (client.redirectUris.length === 1) return client.redirectUris[0];
  if (client.redirectUris.length === 0) throw new AuthorizeRefusal(new InvalidRequestError('The client has no registered redirection URI', client.clientId));
  throw new AuthorizeRefusal(new InvalidRequestError('Missing parameters: redirect_uri'));
}
