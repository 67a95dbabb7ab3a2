import type { AuditEventType } from '@mandate/contracts';
import { MandateError } from '@mandate/oauth';
import type { AuditInput } from '@mandate/platform';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** Which audit event an issuance is: an exchange, a refresh, or any other grant's first tokens. */
export function issuanceEvent(grantType: string): AuditEventType {
  if (grantType === TOKEN_EXCHANGE) return 'token_exchanged';
  if (grantType === 'refresh_token') return 'token_refreshed';
  return 'token_issued';
}

/** RFC 8693 §4.1: the `act` chain as a list, outermost (newest actor) first. */
export function actorChain(act: unknown): string[] {
  const chain: string[] = [];
  let node = act as { sub?: unknown; act?: unknown } | undefined;
  while (node && typeof node === 'object' && chain.length < 64) {
    if (typeof node.sub === 'string') chain.push(node.sub);
    node = node.act as typeof node;
  }
  return chain;
}

/** The audit members a token's claims give (never the token: only who, for whom, what, where). */
export function tokenAudit(claims: Record<string, unknown>): Pick<AuditInput, 'subject' | 'actors' | 'client' | 'audience' | 'scopes' | 'grantType' | 'authGrantId'> {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    actors: actorChain(claims.act),
    client: typeof claims.client_id === 'string' ? claims.client_id : undefined,
    audience: list(claims.aud),
    scopes: list(claims.scope),
    grantType: typeof claims.grant_type === 'string' ? claims.grant_type : undefined,
    authGrantId: typeof claims.authGrantId === 'string' ? claims.authGrantId : undefined,
  };
}

/** A refused request's error code and log-only reason (contract §3.6: the reason is for the audit trail, not the caller). */
export function refusal(error: unknown): { error: string; reason?: string } | undefined {
  if (!(error instanceof MandateError) || error.status >= 500) return undefined;
  return { error: error.code, reason: error.detail ?? error.description };
}
