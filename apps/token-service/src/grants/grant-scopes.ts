import { parseScope, resolveScopes } from '@mandate/oauth';
import type { GrantContext } from './grant-handler';

/** am-spec §4.2 against the client of the request: allowed scopes, then client and provider defaults. */
export function requestedScopes(context: GrantContext): string[] {
  return resolveScopes(parseScope(context.params.scope), {
    allowed: context.client.scopes,
    clientDefaults: context.client.defaultScopes,
    providerDefaults: context.provider.advancedOAuth2Config.defaultScopes,
  });
}
