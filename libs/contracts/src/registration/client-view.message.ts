import { MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** Client ids: letters, digits, `-` and `_` (am-spec §13.2). */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, - and _ only');

export const agentTypeSchema = z.enum(['OAuth2Client', 'AIAgent']);
export type AgentType = z.infer<typeof agentTypeSchema>;

/**
 * The internal view of an OAuth2 client or AI agent, with every provider-inherited value
 * already resolved (contract §2: lifetimes of 0 inherit the provider's; overrides apply only
 * when `providerOverridesEnabled`). Never written over HTTP: the secret hash is in it.
 */
export const clientViewSchema = z.object({
  realm: realmPathSchema,
  clientId: z.string(),
  agentType: agentTypeSchema,
  /** `Active` or `Inactive`: an inactive client authenticates nowhere. */
  status: z.enum(['Active', 'Inactive']),
  /** AI agents: the usernames of the users who answer for it (`coreOAuth2ClientConfig.owners`, issue 20). */
  owners: z.array(z.string()).optional(),
  clientType: z.enum(['Confidential', 'Public']),
  /** argon2id PHC string; only in `registration.client.get`, absent for public clients. */
  secretHash: z.string().optional(),
  hasSecret: z.boolean(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  defaultScopes: z.array(z.string()),
  clientName: z.array(z.string()),
  grantTypes: z.array(z.string()),
  responseTypes: z.array(z.string()),
  tokenEndpointAuthMethod: z.string(),
  isConsentImplied: z.boolean(),
  allowedResourceServerAudienceValues: z.array(z.string()),
  /** RFC 8707 resources the client may name: its own list, else the provider's; empty admits none. */
  allowedResources: z.array(z.string()),
  tokenExchangeAuthLevel: z.number().int().min(0),
  customProperties: z.array(z.string()),
  /** Effective lifetimes in seconds (a client's 0 replaced by the provider's). */
  accessTokenLifetime: z.number().int().min(0),
  refreshTokenLifetime: z.number().int().min(0),
  authorizationCodeLifetime: z.number().int().min(0),
  providerOverridesEnabled: z.boolean(),
  /** Effective switches: the client's overrides when enabled, else the provider's. */
  statelessTokensEnabled: z.boolean(),
  issueRefreshToken: z.boolean(),
  issueRefreshTokenOnRefreshedToken: z.boolean(),
  acceptAudienceParametersInTokenExchangeRequests: z.boolean(),
  /** Effective may-act script `_id`, or null when none ("[Empty]"). */
  accessTokenMayActScript: z.string().nullable(),
  oidcMayActScript: z.string().nullable(),
  /** AI agents: the identity object id (AIC `aiAgentIdentityUid`). */
  aiAgentIdentityUid: z.string().optional(),
  /**
   * Set for a client whose `client_id` is the URL of its client ID metadata document
   * (draft-ietf-oauth-client-id-metadata-document): a public client, fetched, never stored.
   * `clientUri` is the document's `client_uri`, for the consent page.
   */
  metadataDocument: z.object({ clientUri: z.string().optional() }).optional(),
  /** The stored configuration in AM's sections (plain values, secret removed), for anything not modelled above. */
  config: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type ClientView = z.infer<typeof clientViewSchema>;

/**
 * `registration.client.get`: the client, or null when the realm has no such client. A
 * `client_id` that is an https URL names a client ID metadata document (up to 2048 characters):
 * its client, or `invalid_client` (401) saying why the document cannot be used.
 */
export const clientGetRequestSchema = z.object({ realm: realmPathSchema, clientId: z.string().min(1).max(2048) });
export type ClientGetRequest = z.infer<typeof clientGetRequestSchema>;
export const clientGetReplySchema = clientViewSchema.nullable();

/**
 * `registration.client.authenticate`: checks a client secret (argon2id, constant time). Replies
 * with the client view without its hash, or fails with `invalid_client` (401) for an unknown or
 * inactive client, a wrong secret, or a public client that sent one.
 */
export const clientAuthenticateRequestSchema = z.object({
  realm: realmPathSchema,
  clientId: z.string().min(1).max(2048),
  secret: z.string().max(4096),
});
export type ClientAuthenticateRequest = z.infer<typeof clientAuthenticateRequestSchema>;
export const clientAuthenticateReplySchema = clientViewSchema;

/** The endpoints a client authenticates at; a client assertion's `aud` may name the issuer or the endpoint's URL. */
export const assertionEndpointSchema = z.enum(['token', 'introspect', 'revoke', 'bc-authorize']);
export type AssertionEndpoint = z.infer<typeof assertionEndpointSchema>;

/**
 * `registration.client.authenticate-assertion`: checks a `private_key_jwt` client assertion
 * (RFC 7523 §2.2, §3; OIDC Core §9) against the client's `jwks` or `jwks_uri`, spending its
 * `jti`. Replies with the client view without its hash, or fails with `invalid_client` (401).
 */
export const clientAuthenticateAssertionRequestSchema = z.object({
  realm: realmPathSchema,
  clientId: z.string().min(1).max(2048),
  assertion: z.string().max(MAX_TOKEN_LENGTH),
  endpoint: assertionEndpointSchema,
});
export type ClientAuthenticateAssertionRequest = z.infer<typeof clientAuthenticateAssertionRequestSchema>;
