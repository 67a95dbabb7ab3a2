import type { AuthorizeRequest } from '@mandate/contracts';

/** The /authorize parameters Mandate reads (am-spec §3.1), camelCased; absent when not sent or empty. */
export interface AuthorizeParams {
  responseType?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  prompt?: string;
  csrf?: string;
  decision?: string;
}

const NAMES: Record<keyof AuthorizeParams, string> = {
  responseType: 'response_type',
  clientId: 'client_id',
  redirectUri: 'redirect_uri',
  scope: 'scope',
  state: 'state',
  codeChallenge: 'code_challenge',
  codeChallengeMethod: 'code_challenge_method',
  nonce: 'nonce',
  prompt: 'prompt',
  csrf: 'csrf',
  decision: 'decision',
};

/** RFC 6749 §3.1: a parameter sent without a value is treated as omitted. Others are ignored. */
export function parseAuthorizeParams(request: AuthorizeRequest): AuthorizeParams {
  const params: AuthorizeParams = {};
  for (const [key, wire] of Object.entries(NAMES) as Array<[keyof AuthorizeParams, string]>) {
    const value = request.params[wire];
    if (value !== undefined && value !== '') params[key] = value;
  }
  return params;
}

/** Wire names sent more than once, among those Mandate reads (RFC 6749 §3.1: must not repeat). */
export function repeatedParams(request: AuthorizeRequest): string[] {
  const known = new Set(Object.values(NAMES));
  return request.repeated.filter((name) => known.has(name));
}
