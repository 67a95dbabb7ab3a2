import type { ApplicationPolicyView, ClientView } from '@mandate/contracts';
import { audienceRefused } from './exchange-refusal';

type AudienceClient = Pick<ClientView, 'clientId' | 'acceptAudienceParametersInTokenExchangeRequests' | 'allowedResourceServerAudienceValues'>;

/**
 * am-spec §5.7: the `aud` of the exchanged token, `undefined` for the default (the acting
 * client's id, a string). Accepted values follow the client id in request order.
 * - `may_act` path: `audience` is ignored unless the acting client accepts audience parameters;
 *   then every value must be in its `allowedResourceServerAudienceValues` (exact match).
 * - Policy path (am-spec §5.9): every value must select one of the agent's policies.
 * An empty or unlisted value answers `Invalid audience requested.` (contract §3.6).
 */
export function exchangedAudience(client: AudienceClient, audiences: readonly string[], policies?: readonly ApplicationPolicyView[]): string[] | undefined {
  if (!policies && !client.acceptAudienceParametersInTokenExchangeRequests) return undefined;
  if (audiences.length === 0) return undefined;
  const allowed = new Set(policies ? policies.map((p) => p.applicationId) : client.allowedResourceServerAudienceValues);
  for (const audience of audiences) {
    if (audience === '') throw audienceRefused('empty audience value');
    if (!allowed.has(audience)) throw audienceRefused(`audience ${audience} is not allowed for ${client.clientId}`);
  }
  return [...new Set([client.clientId, ...audiences])];
}
