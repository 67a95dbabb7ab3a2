import { exchangeRefused } from './exchange-refusal';
import type { ExchangeRequest } from './exchange-request.parser';
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE } from './token-types';

/**
 * am-spec §5.3 step 3: an exchanger must exist for (subject type ⇒ requested type). Mandate
 * issues no ID tokens yet, so the only exchanger is access token ⇒ access token: an ID token as
 * subject or actor, or requested, is refused like any exchange (`Invalid token exchange.`).
 * The ID token URN is still accepted as syntax (the parser), so that the answer is the
 * exchange's, not a malformed-request one.
 */
export function checkTokenTypes(request: ExchangeRequest): void {
  if (request.subjectTokenType !== ACCESS_TOKEN_TYPE) throw exchangeRefused(`no exchanger for subject_token_type ${request.subjectTokenType}`);
  if (request.actor && request.actor.tokenType !== ACCESS_TOKEN_TYPE) throw exchangeRefused(`no exchanger for actor_token_type ${request.actor.tokenType}`);
  if (request.requestedTokenType === ID_TOKEN_TYPE) throw exchangeRefused('ID tokens are not issued: requested_token_type id_token');
  if (request.requestedTokenType !== ACCESS_TOKEN_TYPE) throw exchangeRefused(`no exchanger for requested_token_type ${request.requestedTokenType}`);
}
