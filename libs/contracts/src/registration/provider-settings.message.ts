import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

const section = z.record(z.string(), z.unknown());

/**
 * A realm's OAuth2 provider settings in AM's sections (am-spec §13.3), defaults filled in.
 * The modelled members are typed; other members of a section pass through as stored.
 * Script references hold the script `_id`, or `"[Empty]"` for none.
 */
export const providerSettingsSchema = z
  .object({
    coreOAuth2Config: z
      .object({
        accessTokenLifetime: z.number().int().min(0),
        codeLifetime: z.number().int().min(0),
        refreshTokenLifetime: z.number().int().min(0),
        issueRefreshToken: z.boolean(),
        issueRefreshTokenOnRefreshedToken: z.boolean(),
        statelessTokensEnabled: z.boolean(),
        accessTokenMayActScript: z.string(),
        oidcMayActScript: z.string(),
      })
      .passthrough(),
    advancedOAuth2Config: z
      .object({
        grantTypes: z.array(z.string()),
        defaultScopes: z.array(z.string()),
        supportedScopes: z.array(z.string()),
        tokenSigningAlgorithm: z.string(),
        codeVerifierEnforced: z.string(),
        acceptAudienceParametersInTokenExchangeRequests: z.boolean(),
        allowedAudienceValues: z.array(z.string()),
        parRequestUriLifetime: z.number().int().min(0),
      })
      .passthrough(),
    clientDynamicRegistrationConfig: z
      .object({
        allowDynamicRegistration: z.boolean(),
        dynamicClientRegistrationScope: z.string(),
        dynamicClientRegistrationScript: z.string(),
        dynamicClientRegistrationSoftwareStatementRequired: z.boolean(),
        requiredSoftwareStatementAttestedAttributes: z.array(z.string()),
        generateRegistrationAccessTokens: z.boolean(),
        dynamicClientRegistrationGrantTypes: z.array(z.string()),
      })
      .passthrough(),
    consent: z.object({ clientsCanSkipConsent: z.boolean(), enableRemoteConsent: z.boolean() }).passthrough(),
    coreOIDCConfig: z.object({ jwtTokenLifetime: z.number().int().min(0), oidcDiscoveryEndpointEnabled: z.boolean() }).passthrough(),
  })
  .catchall(section);
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

/** `registration.provider.get`: the realm's effective provider settings. */
export const providerGetRequestSchema = z.object({ realm: realmPathSchema });
export type ProviderGetRequest = z.infer<typeof providerGetRequestSchema>;
export const providerGetReplySchema = providerSettingsSchema;
