/**
 * RFC 7636 syntax rules (the comparison itself needs SHA-256 and lives in libs/crypto).
 * §4.1 code_verifier and §4.2 code_challenge: 43–128 characters of [A-Z a-z 0-9 - . _ ~].
 */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export type CodeChallengeMethod = 'S256' | 'plain';

export function isValidCodeVerifier(value: string): boolean {
  return PKCE_VALUE.test(value);
}

export function isValidCodeChallenge(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** §4.3: the method defaults to `plain` when a challenge comes without one. */
export function parseCodeChallengeMethod(value: string | undefined): CodeChallengeMethod | undefined {
  if (value === undefined || value === 'plain') return 'plain';
  if (value === 'S256') return 'S256';
  return undefined;
}
