import type { ClientView, ProviderSettings, TokenResponse } from '@mandate/contracts';

/** The request after the endpoint's common checks: client authenticated, grant enabled, parameters single-valued unless repeatable. */
export interface GrantContext {
  realm: string;
  client: ClientView;
  provider: ProviderSettings;
  /** Single-valued parameters. */
  params: Record<string, string | undefined>;
  /** Every parameter as a list (repeatable ones such as `audience`; scripts' `requestParams`). */
  lists: Record<string, string[]>;
  /**
   * What the grant has learnt of the request so far, for the `token_refused` event should it be
   * refused (issue 20): an exchange names the subject and the act chain it was asked for.
   */
  refusalAudit?: { subject?: string; actors?: string[]; parentGrantIds?: string[] };
  /** RFC 9449: the key of the request's valid DPoP proof; the tokens issued are bound to it. */
  dpop?: { jkt: string };
}

/** STYLE habit 1: a grant is a file implementing this; the registry dispatches on `grantType`. */
export interface GrantHandler {
  readonly grantType: string;
  /** Parameters that must be present: a missing one answers `Missing parameters: …` (am-spec §1.1). */
  readonly required: readonly string[];
  /** Parameters that may be sent more than once (RFC 6749 §3.2 forbids it for all others). */
  readonly repeatable?: readonly string[];
  handle(context: GrantContext): Promise<TokenResponse>;
}

export const GRANT_HANDLERS = Symbol.for('mandate.token.grant-handlers');

/** A parameter the handler lists in `required`: the endpoint has already answered its absence. */
export function requiredParam(context: GrantContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`the endpoint let ${name} through unchecked`);
  return value;
}
