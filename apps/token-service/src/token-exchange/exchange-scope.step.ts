import type { ApplicationPolicyView } from '@mandate/contracts';
import { parseScope, resolveScopes } from '@mandate/oauth';
import type { GrantContext } from '../grants/grant-handler';
import { requestedScopes } from '../grants/grant-scopes';

/**
 * am-spec §5.6, contract §3.1: the exchanged token's scope is derived, not copied.
 * - `may_act` path: AM's scope rules against the acting client (allowed, then default scopes),
 *   so an exchange may widen the subject token's scope (seed 000: `read` → `read write delete`).
 * - Policy path (am-spec §5.9 step 3): within every selected policy's permissions (the resource
 *   application's scopes when a policy lists none: `effectivePermissions`), not the agent's own.
 * Anything outside answers `invalid_scope`.
 */
export function exchangeScopes(context: GrantContext, policies?: readonly ApplicationPolicyView[]): string[] {
  if (!policies) return requestedScopes(context);
  const [first, ...rest] = policies.map((p) => p.effectivePermissions);
  const permitted = (first ?? []).filter((scope) => rest.every((permissions) => permissions.includes(scope)));
  return resolveScopes(parseScope(context.params.scope), {
    allowed: permitted,
    clientDefaults: context.client.defaultScopes,
    providerDefaults: context.provider.advancedOAuth2Config.defaultScopes,
  });
}
