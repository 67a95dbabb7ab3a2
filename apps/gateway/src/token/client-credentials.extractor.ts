import { type ClientAuth, type FormParams, JWT_BEARER_ASSERTION_TYPE } from '@mandate/contracts';
import { InvalidClientError, InvalidRequestError } from '@mandate/oauth';

export interface ExtractedCredentials {
  clientAuth?: ClientAuth;
  /** The form without `client_secret` and the client assertion: credentials travel once, in `clientAuth`, and never reach scripts. */
  params: FormParams;
}

/**
 * am-spec §1.2: HTTP Basic (`client_secret_basic`; id and secret form-urlencoded before base64,
 * RFC 6749 §2.3.1), the form body (`client_secret_post`), or a bare `client_id` (public
 * clients), or a JWT client assertion (`private_key_jwt`, RFC 7523 §2.2: `client_assertion_type`
 * and `client_assertion`; the client is the assertion's `sub` unless `client_id` names it, and
 * registration-service checks both). A body `client_id` beside Basic must name the same client;
 * a secret in both places, or an assertion beside a secret, is two methods at once (RFC 6749 §2.3).
 */
export function extractClientCredentials(authorization: string | undefined, form: FormParams): ExtractedCredentials {
  const { client_secret: bodySecret, client_assertion: rawAssertion, client_assertion_type: rawType, ...params } = form;
  const bodyId = single(form.client_id, 'client_id');
  const secret = single(bodySecret, 'client_secret');
  const assertion = single(rawAssertion, 'client_assertion');
  const assertionType = single(rawType, 'client_assertion_type');
  const basic = authorization !== undefined && /^basic /i.test(authorization);
  if (assertion !== undefined || assertionType !== undefined) {
    if (basic || secret !== undefined) throw new InvalidRequestError('Client authentication must use a single method');
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE) throw new InvalidClientError(`unsupported client_assertion_type ${assertionType ?? '(none)'}`);
    if (!assertion) throw new InvalidRequestError('Missing parameters: client_assertion');
    const clientId = bodyId || assertionSubject(assertion);
    return { clientAuth: { method: 'private_key_jwt', clientId, assertion }, params };
  }
  if (authorization !== undefined && basic) {
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

/** The unverified `sub` of a client assertion (RFC 7523 §3: the client_id); registration-service verifies it. */
function assertionSubject(assertion: string): string {
  let sub: unknown;
  try {
    sub = (JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  } catch {
    throw new InvalidClientError('the client assertion is not a JWT');
  }
  if (typeof sub !== 'string' || sub === '' || sub.length > 2048) throw new InvalidClientError('the client assertion names no client (sub)');
  return sub;
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new InvalidRequestError(`Duplicate parameter: ${name}`);
  return value;
}
