import type { ClientView } from '@mandate/contracts';
import { allowedResources, parseResources } from '@mandate/oauth';

/**
 * RFC 8707 §2: each `resource` an absolute URI without a fragment, on the client's allow-list
 * (`allowedResources`); else `invalid_target` (redirected). They are stored with the code: the
 * token request may name some of them (§2.2), none (then all of them), never others.
 */
export function checkResources(client: ClientView, resources: readonly string[]): string[] {
  return allowedResources(parseResources(resources), client.allowedResources, client.clientId);
}
