import type { AgentType } from '@mandate/contracts';
import { z } from 'zod';
import { type Sections, sectionsOf, withDefaults } from '../realm-config/am-values';
import { invalidAttributes, problemsOf } from '../realm-config/invalid-attribute';
import { MAY_ACT_CONTEXTS, type ScriptReferenceField } from '../scripts/script-references.resolver';
import { clientDefaults } from './client-config.defaults';

const seconds = z.number({ error: 'must be a whole number of seconds' }).int('must be a whole number of seconds').min(0, 'must be 0 or more');
const flag = z.boolean({ error: 'must be true or false' });
const strings = z.array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' });
const scriptRef = z.string({ error: 'must be a script _id or name' });
/** RFC 8707 §2: absolute URIs without a fragment. */
const resourceUris = z.array(
  z.string({ error: 'must be a list of absolute URIs' }).refine((v) => URL.canParse(v) && !v.includes('#'), 'must be absolute URIs without a fragment'),
  { error: 'must be a list of absolute URIs' },
);

/** A JWK Set as AM keeps it (JSON text), or as an object; '' for none. */
const jwkSet = z.union([z.string({ error: 'must be a JWK Set' }), z.record(z.string(), z.unknown())], { error: 'must be a JWK Set' }).refine((v) => {
  if (v === '') return true;
  try {
    const set = (typeof v === 'string' ? JSON.parse(v) : v) as { keys?: unknown };
    return Array.isArray(set.keys);
  } catch {
    return false;
  }
}, 'must be a JWK Set, an object with keys');

/** The modelled members are typed; the rest of each section passes through as sent. */
const clientBodySchema = z
  .object({
    coreOAuth2ClientConfig: z
      .object({
        userpassword: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(4096, 'is too long').nullable(),
        clientType: z.enum(['Confidential', 'Public'], { error: 'must be Confidential or Public' }),
        status: z.enum(['Active', 'Inactive'], { error: 'must be Active or Inactive' }),
        /** AI agents' owners (issue 20): usernames who may read the agent, see its delegations and set it Inactive. */
        owners: strings,
        redirectionUris: strings,
        scopes: strings,
        defaultScopes: strings,
        clientName: strings,
        accessTokenLifetime: seconds,
        refreshTokenLifetime: seconds,
        authorizationCodeLifetime: seconds,
        loopbackInterfaceRedirection: flag,
      })
      .partial()
      .passthrough(),
    advancedOAuth2ClientConfig: z
      .object({
        grantTypes: strings,
        tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'none'], {
          error: 'must be client_secret_basic, client_secret_post, private_key_jwt, tls_client_auth, self_signed_tls_client_auth or none',
        }),
        responseTypes: strings,
        isConsentImplied: flag,
        tokenExchangeAuthLevel: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more'),
        customProperties: strings,
        allowedResourceServerAudienceValues: strings,
        allowedResources: resourceUris,
        /** ID-JAG (a Mandate extension): the other authorization servers this client may ask identity assertions for. */
        identityAssertionGrants: z.array(
          z.object({
            audience: z.string({ error: 'must be an issuer URL' }).refine((v) => URL.canParse(v), 'must be an issuer URL'),
            clientId: z.string({ error: 'must be the client id at the audience' }).min(1, 'must be the client id at the audience'),
            scopes: strings.optional(),
          }),
          { error: 'must be a list of {audience, clientId, scopes}' },
        ),
        /** RFC 9449: token requests of this client must carry a DPoP proof (DCR `dpop_bound_access_tokens`). */
        dpopBoundAccessTokens: flag,
      })
      .partial()
      .passthrough(),
    /** OpenID CIBA Core 1.0 (issue 21): `poll` (the default when empty) or `ping`, and where pings go. */
    coreOpenIDClientConfig: z
      .object({
        backchannelTokenDeliveryMode: z.enum(['', 'poll', 'ping'], { error: 'must be poll or ping' }),
        backchannelClientNotificationEndpoint: z.string({ error: 'must be an absolute URL' }).refine((v) => v === '' || URL.canParse(v), 'must be an absolute URL'),
      })
      .partial()
      .passthrough(),
    overrideOAuth2ClientConfig: z
      .object({
        providerOverridesEnabled: flag,
        statelessTokensEnabled: flag,
        accessTokenMayActScript: scriptRef,
        oidcMayActScript: scriptRef,
        acceptAudienceParametersInTokenExchangeRequests: flag,
        issueRefreshToken: flag,
        issueRefreshTokenOnRefreshedToken: flag,
      })
      .partial()
      .passthrough(),
    /** private_key_jwt (RFC 7523 §2.2): where the client's verification keys are, in AM's names. */
    signEncOAuth2ClientConfig: z
      .object({
        publicKeyLocation: z.enum(['jwks_uri', 'jwks', 'x509'], { error: 'must be jwks_uri, jwks or x509' }),
        jwksUri: z.string({ error: 'must be an https URL' }).refine((v) => v === '' || (URL.canParse(v) && new URL(v).protocol === 'https:'), 'must be an https URL'),
        jwkSet,
        jwksCacheTimeout: z.number({ error: 'must be a whole number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more'),
        jwksCacheMissCacheTime: z.number({ error: 'must be a whole number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more'),
      })
      .partial()
      .passthrough(),
  })
  .partial()
  .passthrough();

/** References to scripts a client's configuration may hold; may-act ones must be may-act scripts. */
export const CLIENT_SCRIPT_FIELDS: readonly ScriptReferenceField[] = [
  { section: 'overrideOAuth2ClientConfig', field: 'accessTokenMayActScript', contexts: MAY_ACT_CONTEXTS },
  { section: 'overrideOAuth2ClientConfig', field: 'oidcMayActScript', contexts: MAY_ACT_CONTEXTS },
];

export interface ParsedClient {
  /** Every section, defaults applied, secret removed. */
  config: Sections;
  /** The secret sent with this request: a string to set; null or undefined keep the stored one (AM tools echo `null` back). */
  secret: string | null | undefined;
}

/**
 * A PUT body (plain or `{inherited, value}`-wrapped values) → the configuration to store.
 * Problems are reported together, each naming its field.
 */
export function parseClientBody(type: AgentType, body: Record<string, unknown>): ParsedClient {
  const { sections, invalid } = sectionsOf(body);
  const parsed = clientBodySchema.safeParse(sections);
  const problems = [...invalid.map((name) => `${name} must be an object`), ...(parsed.success ? [] : problemsOf(parsed.error))];
  if (problems.length) throw invalidAttributes(problems);
  const config = withDefaults(clientDefaults(type), parsed.data as Sections);
  if (config['advancedOAuth2ClientConfig']['tokenEndpointAuthMethod'] === 'private_key_jwt' && !hasKeys(config['signEncOAuth2ClientConfig'])) {
    throw invalidAttributes(['advancedOAuth2ClientConfig.tokenEndpointAuthMethod private_key_jwt needs signEncOAuth2ClientConfig.jwkSet or jwksUri']);
  }
  const secret = config['coreOAuth2ClientConfig']['userpassword'] as string | null | undefined;
  delete config['coreOAuth2ClientConfig']['userpassword'];
  return { config, secret };
}

/** Whether a private_key_jwt client's keys can be found: its jwkSet (`publicKeyLocation: jwks`) or jwksUri. */
function hasKeys(signEnc: Record<string, unknown> | undefined): boolean {
  const set = signEnc?.['jwkSet'];
  const uri = signEnc?.['jwksUri'];
  if (signEnc?.['publicKeyLocation'] === 'jwks') return (typeof set === 'string' && set !== '') || (typeof set === 'object' && set !== null);
  return typeof uri === 'string' && uri !== '';
}
