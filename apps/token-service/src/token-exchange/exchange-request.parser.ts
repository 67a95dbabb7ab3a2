import { InvalidRequestError } from '@mandate/oauth';
import type { GrantContext } from '../grants/grant-handler';
import { exchangeRefused } from './exchange-refusal';
import { ACCESS_TOKEN_TYPE, KNOWN_TOKEN_TYPES } from './token-types';

/** A token exchange request after its syntax checks (RFC 8693 §2.1). */
export interface ExchangeRequest {
  subjectToken: string;
  subjectTokenType: string;
  actor?: { token: string; tokenType: string };
  /** `access_token` when the request names none (RFC 8693 §2.1). */
  requestedTokenType: string;
  /** Every `audience` value in request order, empty ones included (the audience step refuses those). */
  audiences: string[];
}

/**
 * Syntax only (STYLE habit 2), am-spec §5.3 steps 2 and 3: `actor_token` and `actor_token_type`
 * come as a pair (RFC 8693 §2.1), and every token type is one of the URNs AM's exchangers know.
 * An unknown type is refused like any exchange (am-spec §5.1: `txn_token` → `Invalid token
 * exchange.`). `subject_token` and `subject_token_type` are the grant's required parameters,
 * checked by the endpoint. `resource` is the grant's (RFC 8707, checked by the issuing step). An empty optional
 * parameter counts as absent (RFC 6749 §3.1).
 */
export function parseExchangeRequest(context: Pick<GrantContext, 'params' | 'lists'>): ExchangeRequest {
  const { params, lists } = context;
  const subjectToken = params.subject_token ?? '';
  const subjectTokenType = params.subject_token_type ?? '';
  const actorToken = present(params.actor_token);
  const actorTokenType = present(params.actor_token_type);
  if (actorToken !== undefined && actorTokenType === undefined) throw new InvalidRequestError('Missing parameters: actor_token_type');
  if (actorToken === undefined && actorTokenType !== undefined) throw new InvalidRequestError('Missing parameters: actor_token');
  const requestedTokenType = present(params.requested_token_type) ?? ACCESS_TOKEN_TYPE;
  for (const [name, type] of [
    ['subject_token_type', subjectTokenType],
    ['actor_token_type', actorTokenType],
    ['requested_token_type', requestedTokenType],
  ] as const) {
    if (type !== undefined && !KNOWN_TOKEN_TYPES.has(type)) throw exchangeRefused(`unsupported ${name} ${type}`);
  }
  return {
    subjectToken,
    subjectTokenType,
    ...(actorToken !== undefined && actorTokenType !== undefined ? { actor: { token: actorToken, tokenType: actorTokenType } } : {}),
    requestedTokenType,
    audiences: lists.audience ?? [],
  };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
