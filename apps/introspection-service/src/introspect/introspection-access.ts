import type { TokenClaims } from '@mandate/contracts';

/** am-spec §7.2 (1): the special scope that lets a client introspect every token of its realm. */
export const INTROSPECT_ALL_TOKENS = 'am-introspect-all-tokens';
/**
 * The any-realm variant. Tokens are only ever looked up in the realm of the request URL, so
 * here it grants what the realm-scoped scope grants.
 */
export const INTROSPECT_ALL_TOKENS_ANY_REALM = 'am-introspect-all-tokens-any-realm';

export interface IntrospectingClient {
  clientId: string;
  /** The client's allowed scopes (`coreOAuth2ClientConfig.scopes`). */
  scopes: readonly string[];
}

/**
 * am-spec §7.2, who may introspect a live token (any one suffices): a client holding
 * `am-introspect-all-tokens`; the client the token was issued to (`client_id`, which both
 * token formats carry); a client named in the token's `aud` (string or array).
 */
export function mayIntrospect(caller: IntrospectingClient, claims: Pick<TokenClaims, 'client_id' | 'aud'>): boolean {
  if (caller.scopes.includes(INTROSPECT_ALL_TOKENS) || caller.scopes.includes(INTROSPECT_ALL_TOKENS_ANY_REALM)) return true;
  if (claims.client_id === caller.clientId) return true;
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return audience.includes(caller.clientId);
}
