import type { ClientView } from '@mandate/contracts';
import { exchangeRefused } from './exchange-refusal';
import type { PresentedToken } from './presented-tokens.step';

/**
 * contract §3.5, am-spec §5.8: an acting client whose `tokenExchangeAuthLevel` is above 0 only
 * exchanges subject tokens of at least that `auth_level`. Tokens without one (client tokens)
 * count as level 0.
 */
export function checkAuthLevel(client: Pick<ClientView, 'clientId' | 'tokenExchangeAuthLevel'>, subject: PresentedToken): void {
  const required = client.tokenExchangeAuthLevel;
  if (required <= 0) return;
  const level = typeof subject.claims.auth_level === 'number' ? subject.claims.auth_level : 0;
  if (level < required) throw exchangeRefused(`subject auth_level ${level} is below ${client.clientId}'s tokenExchangeAuthLevel ${required}`);
}
