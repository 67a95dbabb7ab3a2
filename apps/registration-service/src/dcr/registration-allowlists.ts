import type { ProviderSettings } from '@mandate/contracts';
import { InvalidClientMetadataError } from './dcr-errors';

/**
 * What a provider lets dynamic registration hand out (am-spec §11.2, issue 17): the scopes of
 * the "Client Registration Scope Allowlist" and the grant types of the DCR grant allowlist. A
 * registration, an RFC 7592 update and whatever the DCR script stores stay inside them.
 */
export interface RegistrationAllowlists {
  /** Scopes a client may register. */
  scopes: string[];
  /** Scopes a client gets when it asks for none (RFC 7591 §2: the server may register defaults). */
  defaultScopes: string[];
  grantTypes: string[];
}

export function registrationAllowlists(provider: ProviderSettings): RegistrationAllowlists {
  const supported = scopeNames(provider.advancedOAuth2Config.supportedScopes);
  const defaultScopes = scopeNames(provider.advancedOAuth2Config.defaultScopes);
  return {
    // An empty allowlist does not open every scope: only the provider's default scopes may be registered.
    scopes: supported.length ? supported : defaultScopes,
    defaultScopes,
    grantTypes: [...provider.clientDynamicRegistrationConfig.dynamicClientRegistrationGrantTypes],
  };
}

/** AM writes scope entries as `scope|description`; the part before `|` is the scope. */
export function scopeNames(entries: readonly string[]): string[] {
  return [...new Set(entries.map((s) => s.split('|')[0].trim()).filter((s) => s.length > 0))];
}

/** RFC 7591 §3.2.2: a scope or grant type the provider does not allow is invalid client metadata. */
export function checkAllowlists(scopes: readonly string[], grantTypes: readonly string[], allowed: RegistrationAllowlists): void {
  const refusedScopes = scopes.filter((s) => !allowed.scopes.includes(s));
  if (refusedScopes.length) throw new InvalidClientMetadataError(`scope: not allowed for registration: ${refusedScopes.join(' ')}`);
  const refusedGrants = grantTypes.filter((g) => !allowed.grantTypes.includes(g));
  if (refusedGrants.length) throw new InvalidClientMetadataError(`grant_types: not allowed for registration: ${refusedGrants.join(' ')}`);
}
