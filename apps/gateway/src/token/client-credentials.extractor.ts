import type { ClientAuth, FormParams } from '@mandate/contracts';
import { InvalidClientError, InvalidRequestError } from '@mandate/oauth';

export interface ExtractedCredentials {
  clientAuth?: ClientAuth;
  /** The form without `client_secret`: a secret travels once, in `clientAuth`, and never reaches scripts. */
  params: FormParams;
}

/**
 * am-spec §1.2: HTTP Basic (`client_secret_basic`; id and secret form-urlencoded before base64,
 * RFC 6749 §2.3.1), the form body (`client_secret_post`), or a bare `client_id` (public
 * clients). A body `client_id` beside Basic must name the same client; a secret in both places
 * is two methods at once (RFC 6749 §2.3).
 */
export function extractClientCredentials(authorization: string | undefined, form: FormParams): ExtractedCredentials {
  const { client_secret: bodySecret, ...params } = form;
  const bodyId = single(form.client_id, 'client_id');
  const secret = single(bodySecret, 'client_secret');
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    const basic = decodeBasic(authorization.slice(6).trim());
    if (secret !== undefined) throw new InvalidRequestError('Client authentication must use a single method');
    if (bodyId !== undefined && bodyId !== basic.clientId) throw new InvalidClientError('client_id differs from the Basic credentials', true);
    return { clientAuth: { method: 'client_secret_basic', ...basic }, params };
  }
  if (bodyId === undefined || bodyId === '') return { params };
  if (secret !== undefined) return { clientAuth: { method: 'client_secret_post', clientId: bodyId, secret }, params };
  return { clientAuth: { method: 'none', clientId: bodyId }, params };
}

function decodeBasic(encoded: string): { clientId: string; secret: string } {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new InvalidClientError('malformed Basic credentials', true);
  try {
    return { clientId: formDecode(text.slice(0, colon)), secret: formDecode(text.slice(colon + 1)) };
  } catch {
    throw new InvalidClientError('malformed Basic credentials', true);
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new InvalidRequestError(`Duplicate parameter: ${name}`);
  return value;
}
