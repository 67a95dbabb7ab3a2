import { allowedResources, parseResources } from '@mandate/oauth';
import type { GrantContext } from './grant-handler';

/** RFC 8707 §2: every grant takes `resource`, repeatable. */
export const RESOURCE_PARAMETER = 'resource';

/**
 * RFC 8707 §2.2: the resources the token request names, each an absolute URI without a fragment
 * and on the client's allow-list (`allowedResources`), else `invalid_target`. [] when none is named.
 */
export function requestedResources(context: GrantContext): string[] {
  return allowedResources(parseResources(context.lists[RESOURCE_PARAMETER]), context.client.allowedResources, context.client.clientId);
}
