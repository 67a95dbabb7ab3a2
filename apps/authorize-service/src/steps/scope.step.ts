import type { ClientView, ProviderSettings } from '@mandate/contracts';
import { parseScope, resolveScopes } from '@mandate/oauth';

/**
 * Step 4 (am-spec §3.1, §4.2): the requested scope, or the client's default scopes, else the
 * provider's, each allowed to the client; `invalid_scope` otherwise (redirected).
 */
export function checkScope(client: ClientView, provider: ProviderSettings, scope: string | undefined): string[] {
  return resolveScopes(parseScope(scope), {
    allowed: client.scopes,
    clientDefaults: client.defaultScopes,
    providerDefaults: provider.advancedOAuth2Config.defaultScopes,
  });
}
