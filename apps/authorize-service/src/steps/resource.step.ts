import type { ClientView } from '@mandate/contracts';
import { allowedResources, parseResources } from '@mandate/oauth';

/**
 * RFC 8707 §2: each `resource` an absolute URI without a fragment, on the client's allow-list
 * (`allowedResources`); else `invalid_target` (redirected). The token request names the
 * resources its token is for again (§2.2) and is checked against the same list.
 */
export function checkResources(client: ClientView, resources: readonly string[]): string[] {
  return allowedResources(parseResources(resources), client.allowedResources, client.clientId);
}
