import type { ClientView } from '@mandate/contracts';
import type { TokenSubject } from './token-subject';

/** What a grant handler asks the issuer for. */
export interface IssueRequest {
  realm: string;
  /** The client the tokens are issued to (the acting client of an exchange). */
  client: ClientView;
  subject: TokenSubject;
  scopes: string[];
  /** The grant the tokens come from, as the `grant_type` claim names it. */
  grantType: string;
  /** An existing grant (code redemption, refresh); absent: a new grant is recorded. */
  authGrantId?: string;
  /** Lineage of an exchanged grant (issue 6): the grants and token ids it came from. */
  parents?: { grantIds: string[]; jtis: string[] };
  /** The application policies (`<agentId>/<applicationId>`) an exchange was authorised by: deleting one revokes the grant. */
  policies?: string[];
  /** Whether to issue a refresh token (the grant's own rule; the client's `issueRefreshToken` applies on top). */
  refresh: boolean;
  /** Claims carried over unchanged (a refresh keeps `act`, `may_act` is re-stamped), or set by an exchange. */
  carried?: { act?: Record<string, unknown>; aud?: string | string[] };
  /**
   * RFC 8707: the resources the access token is for (its `aud`), and those its grant may reach
   * (recorded on the refresh token, so that a refresh narrows and never widens). Empty: none named.
   */
  resources?: { access: string[]; grant: string[] };
  /** Latest expiry (seconds) the access token may have, e.g. an exchanged token never outlives its subject token. */
  notAfter?: number;
  /** The request's parameters, for scripts' `requestProperties.requestParams`. */
  requestParams: Record<string, string[]>;
  /** RFC 8693 §2.2.1 `issued_token_type`, for token exchange responses. */
  issuedTokenType?: string;
  /** RFC 9449: the proof key the access token (and a public client's refresh token) is bound to. */
  dpop?: { jkt: string };
}
