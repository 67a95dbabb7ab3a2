import {
  authenticateReplySchema,
  crestQueryReplySchema,
  crestResourceSchema,
  dcrClientProfileSchema,
  discoveryDocumentSchema,
  healthReportSchema,
  identityQueryReplySchema,
  identityResourceSchema,
  introspectReplySchema,
  jwksGetReplySchema,
  keysRotateReplySchema,
  sessionCheckReplySchema,
  sessionLogoutReplySchema,
  tokenInfoReplySchema,
  tokenResponseSchema,
  tokenRevokeReplySchema,
} from '@mandate/contracts';
import { z } from 'zod';
import type { JsonSchema, OpenApiDocument, Parameter, Reference, Response } from './openapi.types';

/** A reply contract as JSON Schema 2020-12 (OpenAPI 3.1's dialect): the document cannot drift from what services answer. */
function wire(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as JsonSchema;
  return json;
}

export const ref = {
  schema: (name: keyof typeof schemas): JsonSchema => ({ $ref: `#/components/schemas/${name}` }),
  parameter: (name: keyof typeof parameters): Reference => ({ $ref: `#/components/parameters/${name}` }),
  response: (name: keyof typeof responses): Reference => ({ $ref: `#/components/responses/${name}` }),
};

const schemas = {
  // Error shapes: the gateway's one filter writes exactly these (STYLE habit 3).
  OAuthError: {
    type: 'object',
    description: 'RFC 6749 §5.2 error body, with Cache-Control: no-store.',
    properties: {
      error: { type: 'string', examples: ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable'] },
      error_description: { type: 'string' },
    },
    required: ['error', 'error_description'],
    additionalProperties: false,
  },
  CrestError: {
    type: 'object',
    description: "AM's CREST error body under /json, with Cache-Control: no-store.",
    properties: {
      code: { type: 'integer', examples: [400, 401, 403, 404, 409, 412, 503] },
      reason: { type: 'string', examples: ['Bad Request', 'Unauthorized', 'Not Found'] },
      message: { type: 'string' },
      detail: { type: 'object', additionalProperties: true },
    },
    required: ['code', 'reason', 'message'],
    additionalProperties: false,
  },
  TokenResponse: wire(tokenResponseSchema),
  TokenRevokeResponse: wire(tokenRevokeReplySchema),
  IntrospectionResponse: wire(introspectReplySchema),
  TokenInfoResponse: wire(tokenInfoReplySchema),
  Jwks: wire(jwksGetReplySchema),
  SigningKeyRotation: wire(keysRotateReplySchema),
  DiscoveryDocument: wire(discoveryDocumentSchema),
  AuthenticateResponse: wire(authenticateReplySchema),
  SessionValidateResponse: wire(sessionCheckReplySchema),
  SessionLogoutResponse: wire(sessionLogoutReplySchema),
  IdentityResource: wire(identityResourceSchema),
  IdentityQueryResult: wire(identityQueryReplySchema),
  CrestResource: wire(crestResourceSchema),
  CrestQueryResult: wire(crestQueryReplySchema),
  ClientRegistration: wire(dcrClientProfileSchema),
  HealthReport: wire(healthReportSchema),
  AuthenticateCallbacks: {
    type: 'object',
    description: 'am-spec §2: the callbacks of the previous answer, filled (NameCallback, PasswordCallback).',
    properties: {
      authId: { type: 'string' },
      callbacks: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            type: { type: 'string', examples: ['NameCallback', 'PasswordCallback'] },
            input: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: {} } } },
          },
        },
      },
    },
  },
  TokenRequest: {
    type: 'object',
    description:
      'am-spec §4: `grant_type` is one of authorization_code, client_credentials, password, refresh_token and ' +
      'urn:ietf:params:oauth:grant-type:token-exchange (RFC 8693); client credentials in HTTP Basic or as client_id/client_secret.',
    properties: {
      grant_type: { type: 'string' },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
      scope: { type: 'string' },
      code: { type: 'string' },
      redirect_uri: { type: 'string' },
      code_verifier: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      refresh_token: { type: 'string' },
      subject_token: { type: 'string' },
      subject_token_type: { type: 'string' },
      actor_token: { type: 'string' },
      actor_token_type: { type: 'string' },
      requested_token_type: { type: 'string' },
      audience: { type: 'string' },
      resource: { type: 'string' },
    },
    required: ['grant_type'],
  },
  TokenParameterRequest: {
    type: 'object',
    description: 'RFC 7662 / RFC 7009: the token and an optional hint; client credentials in HTTP Basic or the body.',
    properties: {
      token: { type: 'string' },
      token_type_hint: { type: 'string', enum: ['access_token', 'refresh_token'] },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
    },
    required: ['token'],
  },
  AuthorizeRequest: {
    type: 'object',
    description: 'am-spec §3: OAuth 2.0 authorization request parameters (RFC 6749 §4.1.1, RFC 7636).',
    properties: {
      response_type: { type: 'string', const: 'code' },
      client_id: { type: 'string' },
      redirect_uri: { type: 'string' },
      scope: { type: 'string' },
      state: { type: 'string' },
      nonce: { type: 'string' },
      code_challenge: { type: 'string' },
      code_challenge_method: { type: 'string', enum: ['S256', 'plain'] },
      prompt: { type: 'string' },
      decision: { type: 'string', enum: ['allow', 'deny'], description: 'The consent page answer (POST).' },
      csrf: { type: 'string', description: 'The consent page CSRF value (POST).' },
    },
    required: ['response_type', 'client_id'],
  },
  LoginForm: {
    type: 'object',
    properties: { username: { type: 'string' }, password: { type: 'string' }, goto: { type: 'string' }, login_csrf: { type: 'string' } },
    required: ['username', 'password', 'login_csrf'],
  },
  ClientMetadata: {
    type: 'object',
    description: 'RFC 7591 §2 client metadata (redirect_uris, grant_types, scope, token_endpoint_auth_method, …).',
    additionalProperties: true,
  },
  ReadinessReport: {
    type: 'object',
    description: "Terminus's health check body.",
    properties: { status: { type: 'string', enum: ['ok', 'error'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } },
    required: ['status'],
  },
} satisfies Record<string, JsonSchema>;

const parameters = {
  realm: {
    name: 'realm',
    in: 'path',
    required: true,
    description:
      'The realm under root (`alpha`). Nested realms (`/realms/root/realms/a/realms/b`) and the root realm ' +
      '(`/realms/root`, or no realm segment at all) are accepted too.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
  },
  ssoTokenHeader: {
    name: 'iPlanetDirectoryPro',
    in: 'header',
    description: 'The SSO token (also accepted as the iPlanetDirectoryPro cookie).',
    schema: { type: 'string' },
  },
  queryFilter: {
    name: '_queryFilter',
    in: 'query',
    description: 'CREST query filter (`true`, `_id eq "x"`, `name sw "a" and active eq true`, …).',
    schema: { type: 'string' },
  },
  ifNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    description: '`*`: create only; 412 when the resource exists.',
    schema: { type: 'string', const: '*' },
  },
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    description:
      'A UUID (16 to 255 visible ASCII characters, quoted or bare), new per create and reused only for its retries: within 24 hours a retry by the same caller with the same body answers the first answer (secrets included) and creates nothing; the key with another body answers 422.',
    schema: { type: 'string', minLength: 16, maxLength: 257 },
  },
  clientIdQuery: {
    name: 'client_id',
    in: 'query',
    required: true,
    description: 'RFC 7592: the registered client.',
    schema: { type: 'string' },
  },
} satisfies Record<string, Parameter>;

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const noStore = { 'Cache-Control': { schema: { type: 'string', const: 'no-store' } } };

const responses = {
  OAuthError: { description: 'OAuth error (400 invalid_request/invalid_grant/…, 401 invalid_client).', headers: noStore, content: json(ref.schema('OAuthError')) },
  CrestError: { description: 'CREST error.', headers: noStore, content: json(ref.schema('CrestError')) },
  Unavailable: {
    description: 'A service needed for the request did not answer in time: OAuth `temporarily_unavailable`, or CREST 503 under /json.',
    headers: noStore,
    content: json({ oneOf: [ref.schema('OAuthError'), ref.schema('CrestError')] }),
  },
  PayloadTooLarge: { description: 'The body is over the configured limit (1 MiB by default).', headers: noStore, content: json({ oneOf: [ref.schema('OAuthError'), ref.schema('CrestError')] }) },
  HtmlPage: { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } },
  Redirect: { description: 'A redirect (to the client with `code`/`error`, or to the login page).', headers: { Location: { schema: { type: 'string', format: 'uri-reference' } } } },
} satisfies Record<string, Response>;

const securitySchemes = {
  ssoToken: { type: 'apiKey', in: 'header', name: 'iPlanetDirectoryPro', description: 'The SSO token from json/authenticate.' },
  ssoCookie: { type: 'apiKey', in: 'cookie', name: 'iPlanetDirectoryPro' },
  clientSecretBasic: { type: 'http', scheme: 'basic', description: 'client_id:client_secret (RFC 6749 §2.3.1).' },
  bearer: { type: 'http', scheme: 'bearer', description: 'An access token, or an RFC 7592 registration access token.' },
};

export const components: OpenApiDocument['components'] = { schemas, parameters, responses, securitySchemes };
