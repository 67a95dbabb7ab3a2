import { InvalidRequestError } from '@mandate/oauth';
import { bearerToken } from '../registration/bearer-token';

/** AM's only answer to a tokeninfo request without a usable token (am-spec §1.1, §8). */
const NOT_VALID = 'Access Token not valid';
/** The bound of the `introspection.tokeninfo` contract. */
const MAX_LENGTH = 65536;

/**
 * am-spec §8: the access token of a tokeninfo request, from `Authorization: Bearer` (RFC 6750
 * §2.1) or `?access_token=` (§2.3); undefined when there is none (the service answers that).
 * Both at once, or a repeated query parameter, is more than one token (RFC 6750 §2).
 */
export function tokenInfoToken(authorization: string | undefined, query: string | string[] | undefined): string | undefined {
  const header = bearerToken(authorization);
  if (Array.isArray(query) || (header !== undefined && query !== undefined)) throw new InvalidRequestError(NOT_VALID, 'more than one access token');
  const token = header ?? query;
  if (token !== undefined && token.length > MAX_LENGTH) throw new InvalidRequestError(NOT_VALID, 'access token too long');
  return token === '' ? undefined : token;
}
