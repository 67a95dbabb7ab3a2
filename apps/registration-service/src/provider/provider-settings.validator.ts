import { z } from 'zod';
import { type Sections, sectionsOf } from '../realm-config/am-values';
import { invalidAttributes, problemsOf } from '../realm-config/invalid-attribute';
import { KNOWN_GRANT_TYPES, SIGNING_ALGORITHMS } from './provider-settings.defaults';

const seconds = z.number({ error: 'must be a whole number of seconds' }).int('must be a whole number of seconds').min(0, 'must be 0 or more');
const flag = z.boolean({ error: 'must be true or false' });
const strings = z.array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' });
const scriptRef = z.string({ error: 'must be a script _id or name' });

/**
 * A trusted issuer of JWT bearer grants (RFC 7523 §2.1), a Mandate extension in the names of AM's
 * TrustedJwtIssuer agent: `issuer` (the `iss` to trust), `jwkSet` or `jwksUri` (its keys),
 * `resourceOwnerIdentityClaim` (the claim holding the subject, default `sub`), `allowedSubjects`
 * (empty: any), and Mandate's `subjectType` (`user`: a username; `agent`: an AI agent's id) and
 * `audiences` (the `aud` values accepted; empty: the realm's issuer and token endpoint).
 */
const trustedJwtIssuer = z
  .object({
    issuer: z.string({ error: 'must be an issuer URL or name' }).min(1, 'must not be empty'),
    jwkSet: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a JWK Set' }).optional(),
    jwksUri: z.string().refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'must be an https URL').optional(),
    jwksCacheTimeout: z.number().int().min(0).optional(),
    jwksCacheMissCacheTime: z.number().int().min(0).optional(),
    resourceOwnerIdentityClaim: z.string().min(1).optional(),
    allowedSubjects: strings.optional(),
    subjectType: z.enum(['user', 'agent'], { error: 'must be user or agent' }).optional(),
    audiences: strings.optional(),
  })
  .refine((t) => t.jwkSet !== undefined || t.jwksUri !== undefined, 'needs jwkSet or jwksUri');

/**
 * The modelled members of each section are typed; other members pass through unchanged, so
 * that AM tooling that sends more of AM's settings is not refused.
 */
const providerBodySchema = z.object({
  coreOAuth2Config: z
    .object({
      accessTokenLifetime: seconds,
      codeLifetime: seconds,
      refreshTokenLifetime: seconds,
      issueRefreshToken: flag,
      issueRefreshTokenOnRefreshedToken: flag,
      statelessTokensEnabled: flag,
      accessTokenMayActScript: scriptRef,
      oidcMayActScript: scriptRef,
      usePolicyEngineForScope: flag,
      macaroonTokensEnabled: flag,
    })
    .partial()
    .passthrough()
    .optional(),
  advancedOAuth2Config: z
    .object({
      grantTypes: z.array(z.enum(KNOWN_GRANT_TYPES, { error: (i) => `has an unknown grant type: ${String(i.input)}` }), { error: 'must be a list of grant types' }),
      defaultScopes: strings,
      supportedScopes: strings,
      tokenSigningAlgorithm: z.enum(SIGNING_ALGORITHMS, { error: `must be one of ${SIGNING_ALGORITHMS.join(', ')}` }),
      codeVerifierEnforced: z.enum(['false', 'true', 'passwordless_grant_only'], { error: 'must be "false", "true" or "passwordless_grant_only"' }),
      acceptAudienceParametersInTokenExchangeRequests: flag,
      allowedAudienceValues: strings,
      amJwtAccessTokens: flag,
      // RFC 8707 resource servers of the realm (a Mandate extension): clients without their own list may name these.
      allowedResources: z.array(z.string().refine((v) => URL.canParse(v) && !v.includes('#'), 'must be absolute URIs without a fragment'), {
        error: 'must be a list of absolute URIs',
      }),
      parRequestUriLifetime: seconds,
      revokeTokensOnLogout: flag,
      trustedJwtIssuers: z.array(trustedJwtIssuer, { error: 'must be a list of trusted issuers' }),
      // RFC 9449 §8: DPoP proofs must carry a server nonce (Mandate's name; unset: false).
      requireDpopNonce: flag,
    })
    .partial()
    .passthrough()
    .optional(),
  clientDynamicRegistrationConfig: z
    .object({
      allowDynamicRegistration: flag,
      dynamicClientRegistrationScope: z.string({ error: 'must be a scope' }).min(1, 'must be a scope'),
      dynamicClientRegistrationScript: scriptRef,
      dynamicClientRegistrationSoftwareStatementRequired: flag,
      requiredSoftwareStatementAttestedAttributes: strings,
      generateRegistrationAccessTokens: flag,
      dynamicClientRegistrationGrantTypes: z.array(z.enum(KNOWN_GRANT_TYPES, { error: (i) => `has an unknown grant type: ${String(i.input)}` }), { error: 'must be a list of grant types' }),
    })
    .partial()
    .passthrough()
    .optional(),
  consent: z.object({ clientsCanSkipConsent: flag, enableRemoteConsent: flag }).partial().passthrough().optional(),
  coreOIDCConfig: z.object({ jwtTokenLifetime: seconds, oidcDiscoveryEndpointEnabled: flag }).partial().passthrough().optional(),
  deviceCodeConfig: z.object({ deviceCodeLifetime: seconds, devicePollInterval: seconds }).partial().passthrough().optional(),
  cibaConfig: z.object({ cibaAuthReqIdLifetime: seconds }).partial().passthrough().optional(),
});

/** A PUT body → the sections to store (plain values); CREST 400 naming every bad field. */
export function validateProviderBody(body: Record<string, unknown>): Sections {
  const { sections, invalid } = sectionsOf(body);
  const parsed = providerBodySchema.passthrough().safeParse(sections);
  const problems = [...invalid.map((name) => `${name} must be an object`), ...(parsed.success ? [] : problemsOf(parsed.error))];
  if (problems.length) throw invalidAttributes(problems);
  return parsed.data as Sections;
}
