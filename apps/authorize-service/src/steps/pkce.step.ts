import type { ClientView, ProviderSettings } from '@mandate/contracts';
import { type CodeChallengeMethod, InvalidRequestError, isValidCodeChallenge, parseCodeChallengeMethod } from '@mandate/oauth';

export interface PkceBinding {
  challenge: string;
  method: CodeChallengeMethod;
}

/**
 * Step 5, RFC 7636 §4.3 / §4.4.1. `S256` always; `plain` only when the provider's
 * `advancedOAuth2Config.plainPkceEnabled` is true (a Mandate extension, off when absent; RFC 9700
 * §2.1.1). PKCE is required of public clients, and of every client when the provider's
 * `codeVerifierEnforced` is "true". Answers the challenge to bind to the code, or null.
 */
export function checkPkce(client: ClientView, provider: ProviderSettings, challenge: string | undefined, method: string | undefined): PkceBinding | null {
  if (challenge === undefined) {
    if (method !== undefined) throw new InvalidRequestError('code_challenge_method was sent without code_challenge');
    if (client.clientType === 'Public') throw new InvalidRequestError('PKCE is required for public clients: send code_challenge with code_challenge_method=S256');
    if (provider.advancedOAuth2Config.codeVerifierEnforced === 'true') throw new InvalidRequestError('PKCE is required: send code_challenge with code_challenge_method=S256');
    return null;
  }
  if (!isValidCodeChallenge(challenge)) throw new InvalidRequestError('Invalid code_challenge: 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
  const parsed = parseCodeChallengeMethod(method);
  if (!parsed) throw new InvalidRequestError('Unsupported code_challenge_method: use S256');
  if (parsed === 'plain' && provider.advancedOAuth2Config['plainPkceEnabled'] !== true) {
    throw new InvalidRequestError('code_challenge_method plain is not allowed: use S256');
  }
  return { challenge, method: parsed };
}
