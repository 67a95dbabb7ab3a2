import { plainSubject } from '../issuance/token-subject';
import { exchangeRefused } from './exchange-refusal';
import type { PresentedTokens } from './presented-tokens.step';

/** RFC 8693 §4.4 `may_act` as AM writes it (am-spec §5.4): `client_id` and `sub`, each one value or a list. */
export interface MayAct {
  clientIds: string[];
  subs: string[];
}

export type MayActAuthorisation = { mode: 'impersonation' } | { mode: 'delegation'; actor: string };

/** The subject token's `may_act` when it names the acting client (`(age!x)` ≡ `x`, contract §3.2), else undefined. */
export function mayActNaming(claims: Record<string, unknown>, clientId: string): MayAct | undefined {
  const raw = claims.may_act;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const { client_id: clientIds, sub: subs } = raw as Record<string, unknown>;
  const mayAct = { clientIds: values(clientIds), subs: values(subs) };
  return mayAct.clientIds.includes(clientId) ? mayAct : undefined;
}

/**
 * am-spec §5.4, contract §3.3: the subject token's `may_act` names the acting client.
 * - With an actor token: delegation, iff the actor token's subject is in `may_act.sub` (a rogue
 *   actor is refused, keycloak#50690).
 * - Without: impersonation, allowed because `may_act.client_id` names the acting client;
 *   `may_act.sub` is consulted only for delegation (contract §3.3).
 * - A subject token that already carries `act` is a delegated token: it is exchanged onward
 *   only with an actor token, never into a token that forgets its actors (keycloak#52691).
 */
export function authoriseByMayAct(mayAct: MayAct, tokens: PresentedTokens): MayActAuthorisation {
  const { subject, actor } = tokens;
  const allowedActors = new Set(mayAct.subs);
  if (actor) {
    if (allowedActors.size === 0) throw exchangeRefused('may_act names no actor (sub): delegation is not allowed');
    const actorId = plainSubject(actor.sub);
    if (!allowedActors.has(actorId)) throw exchangeRefused(`actor ${actorId} is not in may_act.sub`);
    return { mode: 'delegation', actor: actorId };
  }
  if (subject.claims.act !== undefined) throw exchangeRefused('the subject token is delegated (act): an actor token is required');
  return { mode: 'impersonation' };
}

function values(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0).map(plainSubject);
}
