import { MetadataDocumentError } from './metadata-document.error';

/** Longest client_id URL fetched (the contracts cap a client_id at 2048 characters). */
export const MAX_CLIENT_ID_URL = 2048;

/**
 * A `client_id` with a scheme is a client ID metadata document URL: registered client ids are
 * letters, digits, `-` and `_` (am-spec §13.2), so they never contain `:`.
 */
export function isClientIdUrl(clientId: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(clientId);
}

/**
 * draft-ietf-oauth-client-id-metadata-document §3 "Client Identifier": an https URL with a path,
 * without dot segments, fragment, user name or password; a port and a query are allowed (the
 * query is discouraged, not forbidden). Answers the parsed URL, or throws why not.
 */
export function parseClientIdUrl(clientId: string): URL {
  if (clientId.length > MAX_CLIENT_ID_URL) throw new MetadataDocumentError(`client_id URL longer than ${MAX_CLIENT_ID_URL} characters`);
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new MetadataDocumentError('client_id is not a valid URL');
  }
  if (url.protocol !== 'https:') throw new MetadataDocumentError('client_id URL must use https');
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(clientId)) throw new MetadataDocumentError('client_id URL must not contain a user name or password');
  if (clientId.includes('#')) throw new MetadataDocumentError('client_id URL must not contain a fragment');
  // The URL parser removes dot segments; the draft forbids them in the identifier as written.
  const rawPath = clientId.replace(/^https:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0];
  if (rawPath.split('/').some((segment) => segment === '.' || segment === '..' || /^%2e%2e?$|^\.%2e$|^%2e\.$/i.test(segment))) {
    throw new MetadataDocumentError('client_id URL must not contain . or .. path segments');
  }
  if (rawPath === '' || rawPath === '/') throw new MetadataDocumentError('client_id URL must contain a path');
  return url;
}
