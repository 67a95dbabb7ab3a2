import { InvalidScopeError } from '../errors/oauth-error';

/** RFC 6749 §3.3: scope tokens are printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Splits a space-separated `scope` parameter; duplicates collapse, order of first appearance kept. */
export function parseScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const tokens = scope.split(' ').filter((t) => t.length > 0);
  return [...new Set(tokens)];
}

export function isValidScopeToken(token: string): boolean {
  return SCOPE_TOKEN.test(token);
}

export interface ScopeRules {
  /** The client's allowed scopes (`coreOAuth2ClientConfig.scopes`). */
  allowed: readonly string[];
  /** The client's default scopes, then the provider's, used when nothing is requested. */
  clientDefaults: readonly string[];
  providerDefaults: readonly string[];
}

/**
 * am-spec §4.2, AM's default scope validator: no scope requested → the client's default
 * scopes, else the provider's; anything outside the client's allowed scopes →
 * `invalid_scope` naming them; an empty result → `invalid_scope`. contract §3.1: the granted
 * scope is the validated request.
 */
export function resolveScopes(requested: readonly string[] | undefined, rules: ScopeRules): string[] {
  const wanted = requested && requested.length > 0 ? [...requested] : [...(rules.clientDefaults.length ? rules.clientDefaults : rules.providerDefaults)];
  const allowed = new Set(rules.allowed);
  const unknown = wanted.filter((s) => !allowed.has(s) || !isValidScopeToken(s));
  if (unknown.length) throw new InvalidScopeError(`Unknown/invalid scope(s): [${unknown.join(', ')}]`);
  if (wanted.length === 0) throw new InvalidScopeError('No scope requested and no default scope configured');
  return wanted;
}

/** A narrower (or equal) scope than `granted`, for refresh (am-spec §4.7): anything extra is `invalid_scope`. */
export function narrowScopes(requested: readonly string[] | undefined, granted: readonly string[]): string[] {
  if (!requested || requested.length === 0) return [...granted];
  const have = new Set(granted);
  const extra = requested.filter((s) => !have.has(s));
  if (extra.length) throw new InvalidScopeError(`Unknown/invalid scope(s): [${extra.join(', ')}]`);
  return [...requested];
}
