import type { ClientView, ProviderSettings } from '@mandate/contracts';
import { timingSafeEqualString } from '@mandate/crypto';
import { InvalidRequestError, OAuthError } from '@mandate/oauth';
import { AuthorizeRefusal } from './authorize-refusal';

/** OpenID Connect Core §3.1.2.6 */
export class ConsentRequiredError extends OAuthError {
  constructor(description = 'The user has not consented to this client', detail?: string) {
    super(400, 'consent_required', description, detail);
  }
}

export interface ConsentInput {
  client: ClientView;
  provider: ProviderSettings;
  decision: string | undefined;
  csrf: string | undefined;
  prompt: string | undefined;
  /** The SSO token of the validated session: the only accepted `csrf` value. */
  ssoToken: string;
  browser: boolean;
}

/** `granted` → issue a code; `denied` → `access_denied`; `ask` → the consent page. */
export type ConsentOutcome = 'granted' | 'denied' | 'ask';

/**
 * Step 7 (am-spec §3.3, contract §3.9). A posted `decision` needs `csrf` equal to the session's
 * token (else 400, no redirect); `allow` grants, anything else denies. Without a decision,
 * consent is implied when the client says so and the provider (or, with overrides on, the
 * client) lets clients skip consent, unless `prompt=consent`; otherwise browsers are asked and
 * other callers get `consent_required` (400, no redirect), or a redirect with it under `prompt=none`.
 */
export function decideConsent(input: ConsentInput): ConsentOutcome {
  if (input.decision !== undefined) {
    if (input.csrf === undefined || !timingSafeEqualString(input.csrf, input.ssoToken)) {
      throw new AuthorizeRefusal(new InvalidRequestError('Invalid CSRF token'));
    }
    return input.decision === 'allow' ? 'granted' : 'denied';
  }
  const prompts = (input.prompt ?? '').split(' ');
  if (!prompts.includes('consent') && input.client.isConsentImplied && clientsCanSkipConsent(input.client, input.provider)) return 'granted';
  if (prompts.includes('none')) throw new ConsentRequiredError();
  if (!input.browser) throw new AuthorizeRefusal(new ConsentRequiredError('Consent is required: post decision=allow with csrf'));
  return 'ask';
}

/** am-spec §3.3: the provider's "Allow Clients to Skip Consent", overridable per client. */
function clientsCanSkipConsent(client: ClientView, provider: ProviderSettings): boolean {
  const own = client.config['overrideOAuth2ClientConfig']?.['clientsCanSkipConsent'];
  if (client.providerOverridesEnabled && typeof own === 'boolean') return own;
  return provider.consent.clientsCanSkipConsent;
}
