import type { OAuthError } from '@mandate/oauth';
import { InvalidClientMetadataError, InvalidRedirectUriError } from '../dcr/dcr-errors';
import { type DcrMetadata, parseDcrMetadata } from '../dcr/dcr-metadata.parser';
import { isRecord } from '../realm-config/am-values';
import { MetadataDocumentError } from './metadata-document.error';

/** The grants a document's client may use: it is a public client that redirects (draft §4.1). */
const DOCUMENT_GRANT_TYPES = ['authorization_code', 'refresh_token'];
/** draft §4.1: no shared secret can exist, so no method that uses one. */
const SYMMETRIC_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];

export interface MetadataDocument {
  meta: DcrMetadata;
  /** `client_uri`, shown on the consent page beside the client_id's host. */
  clientUri?: string;
}

/**
 * A fetched client ID metadata document (draft-ietf-oauth-client-id-metadata-document §4) →
 * the registration metadata DCR would store, checked as DCR checks it (redirect URIs absolute,
 * https or loopback http or a private-use scheme, no fragment) plus the document's own rules:
 * a JSON object whose `client_id` equals the URL it was fetched from (simple string
 * comparison, §4.1), no `client_secret` or `client_secret_expires_at`, no symmetric
 * `token_endpoint_auth_method` (absent or `none`: Mandate treats the client as public and
 * requires PKCE; `private_key_jwt` is not offered to documents), only the
 * authorization_code and refresh_token grants.
 */
export function parseMetadataDocument(text: string, url: string): MetadataDocument {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MetadataDocumentError('the client metadata document is not JSON');
  }
  if (!isRecord(body)) throw new MetadataDocumentError('the client metadata document is not a JSON object');
  if (body['client_id'] !== url) throw new MetadataDocumentError('the document’s client_id does not equal its URL');
  if (body['client_secret'] !== undefined || body['client_secret_expires_at'] !== undefined) {
    throw new MetadataDocumentError('the document must not contain client_secret or client_secret_expires_at');
  }
  const method = body['token_endpoint_auth_method'];
  if (typeof method === 'string' && SYMMETRIC_METHODS.includes(method)) throw new MetadataDocumentError(`token_endpoint_auth_method ${method} needs a shared secret, which a document cannot have`);
  if (method !== undefined && method !== 'none') throw new MetadataDocumentError('token_endpoint_auth_method must be none (or left out)');
  let meta: DcrMetadata;
  try {
    meta = parseDcrMetadata({ ...body, token_endpoint_auth_method: 'none' }, 'OAuth2Client');
  } catch (error) {
    if (error instanceof InvalidClientMetadataError || error instanceof InvalidRedirectUriError) throw new MetadataDocumentError((error as OAuthError).description);
    throw error;
  }
  const other = meta.grantTypes.filter((g) => !DOCUMENT_GRANT_TYPES.includes(g));
  if (other.length) throw new MetadataDocumentError(`grant_types: a document’s client may use only ${DOCUMENT_GRANT_TYPES.join(' and ')}, not ${other.join(' ')}`);
  const clientUri = meta.settings['client_uri'];
  return { meta, clientUri: typeof clientUri === 'string' ? clientUri : undefined };
}
