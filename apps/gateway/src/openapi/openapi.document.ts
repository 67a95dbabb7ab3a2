import { components, ref } from './openapi.components';
import type { JsonSchema, OpenApiDocument, Operation, Parameter, PathItem, Reference, RequestBody, Response } from './openapi.types';

/** AM's realm-qualified URLs: routes are declared realm-free and the gateway's rewriter reads the realm from the path. */
const oauth2 = (path: string) => `/oauth2/realms/root/realms/{realm}${path}`;
const jsonApi = (path: string) => `/json/realms/root/realms/{realm}${path}`;

const pathParam = (name: string, description: string): Parameter => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const query = (name: string, description: string, schema: JsonSchema = { type: 'string' }, required = false): Parameter => ({ name, in: 'query', description, schema, required });
const content = (schema: JsonSchema, type = 'application/json') => ({ [type]: { schema } });
const ok = (description: string, schema: JsonSchema, type = 'application/json'): Response => ({ description, content: content(schema, type) });
const form = (schema: JsonSchema, description?: string): RequestBody => ({ required: true, description, content: content(schema, 'application/x-www-form-urlencoded') });
const jsonBody = (schema: JsonSchema, description?: string, required = true): RequestBody => ({ required, description, content: content(schema) });

type Security = Operation['security'];
const sso: Security = [{ ssoToken: [] }, { ssoCookie: [] }];
const clientAuth: Security = [{ clientSecretBasic: [] }, {}];
const crestErrors = { '400': ref.response('CrestError'), '401': ref.response('CrestError'), '403': ref.response('CrestError'), '404': ref.response('CrestError'), '503': ref.response('Unavailable') };
const oauthErrors = { '400': ref.response('OAuthError'), '401': ref.response('OAuthError'), '413': ref.response('PayloadTooLarge'), '503': ref.response('Unavailable') };

function op(tags: string[], operationId: string, summary: string, rest: Partial<Operation> & Pick<Operation, 'responses'>): Operation {
  return { operationId, summary, tags, ...rest };
}

/** A realm-scoped path: the realm parameter on the path item. */
function realmPath(item: PathItem, extra: Array<Parameter | Reference> = []): PathItem {
  return { parameters: [ref.parameter('realm'), ...extra], ...item };
}

/** CREST collection (`json/users`, `json/groups`, `json/scripts`): create by action, query. */
function crestCollection(tag: string, noun: string, resource: JsonSchema, queryResult: JsonSchema, options: { idempotent?: boolean } = {}): PathItem {
  const idempotency: { parameters: Reference[]; responses: Record<string, Reference> } = options.idempotent
    ? { parameters: [ref.parameter('idempotencyKey')], responses: { '422': ref.response('CrestError') } }
    : { parameters: [], responses: {} };
  return realmPath({
    post: op([tag], `create${noun}`, `Create a ${noun.toLowerCase()} (\`?_action=create\`)`, {
      parameters: [query('_action', 'Must be `create`.', { type: 'string', const: 'create' }, true), ref.parameter('ssoTokenHeader'), ...idempotency.parameters],
      requestBody: jsonBody({ type: 'object' }),
      responses: { '201': ok('Created.', resource), '409': ref.response('CrestError'), '501': ref.response('CrestError'), ...crestErrors, ...idempotency.responses },
      security: sso,
    }),
    get: op([tag], `query${noun}s`, `Query ${noun.toLowerCase()}s`, {
      parameters: [ref.parameter('queryFilter'), query('_queryId', '`*`: every resource (as `_queryFilter=true`).'), ref.parameter('ssoTokenHeader')],
      responses: { '200': ok('The matching resources.', queryResult), ...crestErrors },
      security: sso,
    }),
  });
}

/** CREST instance (`json/users/{id}`): read, replace (`If-Match`) or create (`If-None-Match: *`), delete. */
function crestInstance(tag: string, noun: string, resource: JsonSchema, idDescription: string, options: { ifMatch: boolean }): PathItem {
  const ifMatch: Parameter[] = options.ifMatch ? [{ name: 'If-Match', in: 'header', description: '`*` or the `_rev` to replace.', schema: { type: 'string' } }] : [];
  return realmPath(
    {
      get: op([tag], `read${noun}`, `Read a ${noun.toLowerCase()}`, { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('The resource.', resource), ...crestErrors }, security: sso }),
      put: op([tag], `put${noun}`, `Create or replace a ${noun.toLowerCase()}`, {
        parameters: [...ifMatch, ref.parameter('ifNoneMatch'), ref.parameter('ssoTokenHeader')],
        requestBody: jsonBody({ type: 'object' }),
        responses: { '200': ok('Replaced.', resource), '201': ok('Created.', resource), '412': ref.response('CrestError'), ...crestErrors },
        security: sso,
      }),
      delete: op([tag], `delete${noun}`, `Delete a ${noun.toLowerCase()}`, {
        parameters: [...ifMatch, ref.parameter('ssoTokenHeader')],
        responses: { '200': ok('The deleted resource.', resource), ...crestErrors },
        security: sso,
      }),
    },
    [pathParam('id', idDescription)],
  );
}

/** RFC 7591/7592 registration endpoint (`register` for OAuth2 clients, `aiagent/register` for AI agents). */
function registration(kind: string, noun: string): PathItem {
  const managed = { parameters: [ref.parameter('clientIdQuery')], security: [{ bearer: [] }] };
  return realmPath({
    post: op(['Dynamic client registration'], `register${noun}`, `Register ${kind} (RFC 7591)`, {
      description:
        'Open registration, or with an initial access token (Bearer) when the realm requires one. The answer carries the client secret and the registration access token once. Send an Idempotency-Key to retry safely: a retry with the same key, credential and body within 24 hours answers the first answer (secret included) and registers nothing; the key with another body answers 422.',
      parameters: [ref.parameter('idempotencyKey')],
      requestBody: jsonBody(ref.schema('ClientMetadata')),
      responses: { '201': ok('Registered, with Cache-Control: no-store.', ref.schema('ClientRegistration')), ...oauthErrors, '422': ref.response('OAuthError') },
      security: [{ bearer: [] }, {}],
    }),
    get: op(['Dynamic client registration'], `read${noun}Registration`, `Read a registration (RFC 7592 §2.1)`, {
      ...managed,
      responses: { '200': ok('The client metadata.', ref.schema('ClientRegistration')), ...oauthErrors },
    }),
    put: op(['Dynamic client registration'], `update${noun}Registration`, `Replace a registration (RFC 7592 §2.2)`, {
      ...managed,
      requestBody: jsonBody(ref.schema('ClientMetadata')),
      responses: { '200': ok('The updated client metadata.', ref.schema('ClientRegistration')), ...oauthErrors },
    }),
    delete: op(['Dynamic client registration'], `delete${noun}Registration`, `Delete a registration (RFC 7592 §2.3)`, {
      ...managed,
      responses: { '204': { description: 'Deleted.' }, ...oauthErrors },
    }),
  });
}

const agentType = pathParam('type', '`OAuth2Client` or `AIAgent`.');
const agentId = pathParam('agentId', 'The AI agent (its client id).');
const applicationId = pathParam('applicationId', 'The application (an OAuth2Client id) the policy lets the agent act for.');

const probes = [{ url: '/', description: 'The gateway origin: probes and scrapes live outside the base path.' }];

/**
 * The gateway's public HTTP surface, served at `GET /am/openapi.json`. Every route the gateway
 * registers must appear here: openapi.spec.ts compares this document with Fastify's route table.
 */
export function openApiDocument(amBaseUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mandate',
      version: '0.1.0',
      description: "An authorization server for AI agents that speaks PingAM 8.1's REST and OAuth 2.0 dialect (RFC 8693 token exchange, may_act, AI-agent clients).",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: amBaseUrl }],
    tags: [
      { name: 'Authentication', description: 'am-spec §2: sign-in and SSO sessions (authn-service).' },
      { name: 'Identities', description: 'am-spec §14: users and groups (authn-service).' },
      { name: 'CIBA', description: 'OpenID CIBA Core 1.0: backchannel requests and the user\'s approvals (token- and authorize-service).' },
      { name: 'Realm configuration', description: 'am-spec §12-13: OAuth2 provider, clients, AI agents, application policies, scripts (registration-service).' },
      { name: 'Governance', description: 'Issue 20: the lineage of delegated grants, their revocation, kill switches (token-service).' },
      { name: 'OAuth 2.0', description: 'am-spec §3-9: authorize, token, introspection, revocation (authorize-, token- and introspection-service).' },
      { name: 'Dynamic client registration', description: 'am-spec §11: RFC 7591/7592 (registration-service).' },
      { name: 'Discovery', description: 'Metadata and keys.' },
      { name: 'Operations', description: 'Probes and this document (metrics are on the internal HEALTH_PORT).' },
      { name: 'Governance', description: 'Issue 20: the audit trail of every token, login and admin change (introspection-service holds it).' },
      { name: 'Console', description: 'The admin console: static HTML, scripts and styles (apps/console) that call the APIs above.' },
    ],
    paths: {
      [jsonApi('/authenticate')]: realmPath({
        post: op(['Authentication'], 'authenticate', 'Sign in (zero-page headers or callbacks)', {
          description: 'With `X-OpenAM-Username`/`X-OpenAM-Password` (RFC 2047 encoded words allowed), or a callbacks body; without either, answers the callbacks to fill. Success sets the iPlanetDirectoryPro cookie.',
          parameters: [
            { name: 'X-OpenAM-Username', in: 'header', schema: { type: 'string' } },
            { name: 'X-OpenAM-Password', in: 'header', schema: { type: 'string' } },
          ],
          requestBody: jsonBody(ref.schema('AuthenticateCallbacks'), undefined, false),
          responses: { '200': ok('The SSO token, or the callbacks to fill.', ref.schema('AuthenticateResponse')), ...crestErrors },
        }),
      }),
      [jsonApi('/sessions')]: realmPath({
        post: op(['Authentication'], 'sessionAction', 'Validate a session or log out (`?_action=validate|logout`)', {
          parameters: [query('_action', '`validate` or `logout`.', { type: 'string', enum: ['validate', 'logout'] }, true), ref.parameter('ssoTokenHeader')],
          requestBody: jsonBody({ type: 'object', properties: { tokenId: { type: 'string', description: 'validate: the token to check (default: the caller’s).' } } }, undefined, false),
          responses: {
            '200': ok('validate: the session state; logout: the confirmation.', { oneOf: [ref.schema('SessionValidateResponse'), ref.schema('SessionLogoutResponse')] }),
            '501': ref.response('CrestError'),
            ...crestErrors,
          },
        }),
      }),
      [jsonApi('/users')]: crestCollection('Identities', 'User', ref.schema('IdentityResource'), ref.schema('IdentityQueryResult')),
      [jsonApi('/users/{id}')]: {
        ...crestInstance('Identities', 'User', ref.schema('IdentityResource'), 'The user name.', { ifMatch: true }),
        post: op(['Governance'], 'revokeUserTokens', "Revoke every token whose subject is the user, and their descendants (`?_action=revokeTokens`, amadmin)", {
          parameters: [query('_action', 'Must be `revokeTokens`.', { type: 'string', const: 'revokeTokens' }, true), ref.parameter('ssoTokenHeader')],
          responses: { '200': ok('How many grants were revoked.', { type: 'object', properties: { revokedGrants: { type: 'integer' } } }), '501': ref.response('CrestError'), ...crestErrors },
          security: sso,
        }),
      },
      [jsonApi('/users/{id}/delegations')]: realmPath(
        { get: op(['Governance'], 'queryUserDelegations', "The active delegated grants whose subject is the user (the user's own session, or amadmin)", { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('The delegations.', ref.schema('CrestQueryResult')), ...crestErrors }, security: sso }) },
        [pathParam('id', 'The user name.')],
      ),
      [jsonApi('/users/{user}/approvals')]: realmPath(
        { get: op(['CIBA'], 'queryApprovals', "The signed-in user's pending backchannel requests (her own session only)", { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('The pending requests.', ref.schema('CrestQueryResult')), ...crestErrors }, security: sso }) },
        [pathParam('user', 'The user name or _id: the session\'s own.')],
      ),
      [jsonApi('/users/{user}/approvals/{id}')]: realmPath(
        {
          post: op(['CIBA'], 'decideApproval', 'Approve or deny a pending backchannel request', {
            parameters: [query('_action', '`approve` or `deny`.', { type: 'string', enum: ['approve', 'deny'] }, true), ref.parameter('ssoTokenHeader')],
            responses: { '200': ok('The request as decided.', ref.schema('CrestResource')), ...crestErrors },
            security: sso,
          }),
        },
        [pathParam('user', 'The user name or _id: the session\'s own.'), pathParam('id', 'The approval _id.')],
      ),
      [jsonApi('/delegations/{authGrantId}')]: realmPath(
        {
          get: op(['Governance'], 'readDelegation', 'The tree of grants exchanged from a grant (amadmin, its subject, or an owner of its agent)', { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('The lineage tree.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
          delete: op(['Governance'], 'revokeDelegation', 'Revoke a grant and every grant exchanged from it', { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('The lineage tree, revoked.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
        },
        [pathParam('authGrantId', 'The grant (`authGrantId` of its tokens).')],
      ),
      [jsonApi('/groups')]: crestCollection('Identities', 'Group', ref.schema('IdentityResource'), ref.schema('IdentityQueryResult')),
      [jsonApi('/groups/{id}')]: crestInstance('Identities', 'Group', ref.schema('IdentityResource'), 'The group name.', { ifMatch: true }),
      [jsonApi('/realm-config/services/oauth-oidc')]: realmPath({
        get: op(['Realm configuration'], 'readOAuth2Provider', "Read the realm's OAuth2 provider settings", { responses: { '200': ok('The settings.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
        put: op(['Realm configuration'], 'replaceOAuth2Provider', "Replace the realm's OAuth2 provider settings", {
          requestBody: jsonBody(ref.schema('CrestResource')),
          responses: { '200': ok('The settings.', ref.schema('CrestResource')), ...crestErrors },
          security: sso,
        }),
      }),
      [jsonApi('/realm-config/services/oauth-oidc/initialAccessTokens')]: realmPath({
        post: op(['Realm configuration'], 'createInitialAccessToken', 'Create an RFC 7591 §3 initial access token (`?_action=create`), shown once', {
          description: 'Body `{"expiresIn": <seconds>, "maxUses": <registrations>}`, both optional. The answer carries `token`; later reads never do.',
          parameters: [query('_action', 'Must be `create`.', { type: 'string', const: 'create' }, true), ref.parameter('ssoTokenHeader'), ref.parameter('idempotencyKey')],
          requestBody: jsonBody({ type: 'object' }),
          responses: { '201': ok('Created.', ref.schema('CrestResource')), ...crestErrors, '422': ref.response('CrestError') },
          security: sso,
        }),
        get: op(['Realm configuration'], 'queryInitialAccessTokens', "List the realm's initial access tokens, without their values", {
          parameters: [ref.parameter('queryFilter'), ref.parameter('ssoTokenHeader')],
          responses: { '200': ok('The tokens.', ref.schema('CrestQueryResult')), ...crestErrors },
          security: sso,
        }),
      }),
      [jsonApi('/realm-config/services/oauth-oidc/initialAccessTokens/{id}')]: realmPath(
        { delete: op(['Realm configuration'], 'deleteInitialAccessToken', 'Delete an initial access token', { parameters: [ref.parameter('ssoTokenHeader')], responses: { '200': ok('Deleted.', ref.schema('CrestResource')), ...crestErrors }, security: sso }) },
        [pathParam('id', 'The token _id.')],
      ),
      [jsonApi('/realm-config/agents/{type}')]: realmPath(
        { get: op(['Realm configuration'], 'queryAgents', 'Query OAuth2 clients or AI agents', { parameters: [ref.parameter('queryFilter')], responses: { '200': ok('The matching agents.', ref.schema('CrestQueryResult')), ...crestErrors }, security: sso }) },
        [agentType],
      ),
      [jsonApi('/realm-config/agents/{type}/{id}')]: realmPath(
        {
          get: op(['Realm configuration'], 'readAgent', 'Read an OAuth2 client or AI agent', { responses: { '200': ok('The agent.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
          put: op(['Realm configuration'], 'putAgent', 'Create (201) or replace (200) an OAuth2 client or AI agent', {
            parameters: [ref.parameter('ifNoneMatch')],
            requestBody: jsonBody(ref.schema('CrestResource')),
            responses: { '200': ok('Replaced.', ref.schema('CrestResource')), '201': ok('Created.', ref.schema('CrestResource')), '412': ref.response('CrestError'), ...crestErrors },
            security: sso,
          }),
          delete: op(['Realm configuration'], 'deleteAgent', 'Delete an OAuth2 client or AI agent', { responses: { '200': ok('The deleted agent.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
        },
        [agentType, pathParam('id', 'The client id.')],
      ),
      [jsonApi('/realm-config/agents/AIAgent/{agentId}/applications')]: realmPath(
        { get: op(['Realm configuration'], 'queryApplicationPolicies', "Query an AI agent's application policies", { parameters: [ref.parameter('queryFilter')], responses: { '200': ok('The policies.', ref.schema('CrestQueryResult')), ...crestErrors }, security: sso }) },
        [agentId],
      ),
      [jsonApi('/realm-config/agents/AIAgent/{agentId}/delegations')]: realmPath(
        { get: op(['Governance'], 'queryAgentDelegations', "The active grants whose act chain names the AI agent (amadmin or an owner of the agent)", { parameters: [query('_pageSize', 'Grants per page (default and at most 1000).', { type: 'integer', minimum: 1 }), query('_pagedResultsCookie', "The previous page's `pagedResultsCookie`."), ref.parameter('ssoTokenHeader')], responses: { '200': ok('The delegations.', ref.schema('CrestQueryResult')), ...crestErrors }, security: sso }) },
        [agentId],
      ),
      [jsonApi('/realm-config/agents/AIAgent/{agentId}/audit')]: realmPath(
        {
          get: op(['Governance'], 'queryAgentAudit', "The audit events an AI agent took part in, as client or actor (amadmin or an owner of the agent; refusal reasons for amadmin only)", {
            parameters: [
              query('_queryFilter', 'A CREST filter over the events, as for the realm trail (default `true`).'),
              query('_pageSize', 'Events per page (default 100, at most 1000).', { type: 'integer', minimum: 1 }),
              query('_pagedResultsCookie', "The previous page's `pagedResultsCookie`."),
              query('_sortKeys', 'Comma-separated fields, `-` for descending (default `time`).'),
              ref.parameter('ssoTokenHeader'),
            ],
            responses: { '200': ok('One page of events.', { type: 'object' }), ...crestErrors },
            security: sso,
          }),
        },
        [agentId],
      ),
      [jsonApi('/realm-config/agents/AIAgent/{agentId}/applications/{applicationId}')]: realmPath(
        {
          get: op(['Realm configuration'], 'readApplicationPolicy', 'Read an application policy', { responses: { '200': ok('The policy.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
          put: op(['Realm configuration'], 'putApplicationPolicy', 'Create (201) or replace (200) an application policy', {
            parameters: [ref.parameter('ifNoneMatch')],
            requestBody: jsonBody(ref.schema('CrestResource')),
            responses: { '200': ok('Replaced.', ref.schema('CrestResource')), '201': ok('Created.', ref.schema('CrestResource')), '412': ref.response('CrestError'), ...crestErrors },
            security: sso,
          }),
          delete: op(['Realm configuration'], 'deleteApplicationPolicy', 'Delete an application policy', { responses: { '200': ok('The deleted policy.', ref.schema('CrestResource')), ...crestErrors }, security: sso }),
        },
        [agentId, applicationId],
      ),
      [jsonApi('/scripts')]: crestCollection('Realm configuration', 'Script', ref.schema('CrestResource'), ref.schema('CrestQueryResult'), { idempotent: true }),
      [jsonApi('/scripts/{id}')]: crestInstance('Realm configuration', 'Script', ref.schema('CrestResource'), 'The script id.', { ifMatch: false }),
      [jsonApi('/audit')]: realmPath({
        get: op(['Governance'], 'queryAudit', 'Query the audit trail (amadmin only)', {
          description:
            'Events: token_issued, token_exchanged, token_refreshed, token_revoked, token_refused, login, logout, lockout, admin_change, client_registered, client_updated, client_deleted. Filter on time (ge/le/gt/lt), event, outcome, subject, client, grantType, authGrantId, correlationId, resource, operation; on the lists actors, audience, scopes, parentGrantIds `eq` and `co` mean the list holds the value.',
          parameters: [
            ref.parameter('queryFilter'),
            query('_pageSize', 'Events per page (default 100, at most 1000).', { type: 'integer', minimum: 1 }),
            query('_pagedResultsCookie', "The previous page's `pagedResultsCookie`."),
            query('_sortKeys', 'Comma-separated fields, `-` for descending (default `time`).'),
            ref.parameter('ssoTokenHeader'),
          ],
          responses: { '200': ok('One page of events.', { type: 'object' }), ...crestErrors },
          security: sso,
        }),
      }),
      [jsonApi('/realm-config/keys')]: realmPath({
        post: op(['Realm configuration'], 'rotateSigningKey', "Rotate the realm's signing key now (`?_action=rotate`, Mandate's own)", {
          description: 'The new key signs from now on; the retired key stays published at connect/jwk_uri, and its tokens valid, until they have all expired.',
          parameters: [query('_action', 'Must be `rotate`.', { type: 'string', const: 'rotate' }, true), ref.parameter('ssoTokenHeader')],
          responses: { '200': ok('The new active key.', ref.schema('SigningKeyRotation')), ...crestErrors },
          security: sso,
        }),
      }),

      [oauth2('/authorize')]: realmPath({
        get: op(['OAuth 2.0'], 'authorize', 'Authorization request (RFC 6749 §4.1.1)', {
          description: 'Redirects to the client with a code or an error, to the login page without a session, or shows the consent page.',
          parameters: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt'].map((name) => query(name, `RFC 6749 / RFC 7636 \`${name}\`.`)),
          responses: { '200': ref.response('HtmlPage'), '302': ref.response('Redirect'), '400': ref.response('OAuthError'), '503': ref.response('Unavailable') },
          security: [{ ssoCookie: [] }, {}],
        }),
        post: op(['OAuth 2.0'], 'authorizeForm', 'Authorization request as a form, and the consent answer', {
          requestBody: form(ref.schema('AuthorizeRequest')),
          responses: { '200': ref.response('HtmlPage'), '302': ref.response('Redirect'), '400': ref.response('OAuthError'), '503': ref.response('Unavailable') },
          security: [{ ssoCookie: [] }, {}],
        }),
      }),
      [oauth2('/login')]: realmPath({
        get: op(['OAuth 2.0'], 'loginPage', 'The sign-in page of the authorize flow', {
          parameters: [query('goto', 'Where to return after signing in (a path of this deployment under /oauth2/).')],
          responses: { '200': ref.response('HtmlPage') },
        }),
        post: op(['OAuth 2.0'], 'login', 'Sign in from the login page', {
          requestBody: form(ref.schema('LoginForm')),
          responses: { '200': ref.response('HtmlPage'), '302': ref.response('Redirect'), '400': ref.response('HtmlPage'), '401': ref.response('HtmlPage') },
        }),
      }),
      [oauth2('/access_token')]: realmPath({
        get: op(['OAuth 2.0'], 'tokenByGet', 'Not allowed: the token endpoint takes POST only (405, `Allow: POST`)', {
          responses: { '405': ref.response('OAuthError') },
        }),
        post: op(['OAuth 2.0'], 'token', 'Token endpoint (RFC 6749 §3.2, RFC 8693)', {
          requestBody: form(ref.schema('TokenRequest')),
          responses: { '200': ok('The tokens, with Cache-Control: no-store.', ref.schema('TokenResponse')), ...oauthErrors },
          security: clientAuth,
        }),
      }),
      [oauth2('/bc-authorize')]: realmPath({
        get: op(['CIBA'], 'bcAuthorizeByGet', 'Not allowed: POST only (405, `Allow: POST`)', { responses: { '405': ref.response('OAuthError') } }),
        post: op(['CIBA'], 'bcAuthorize', 'OpenID CIBA Core 1.0 backchannel authentication request', {
          requestBody: form({ type: 'object', properties: { scope: { type: 'string' }, login_hint: { type: 'string' }, id_token_hint: { type: 'string' }, binding_message: { type: 'string' }, requested_expiry: { type: 'string' }, client_notification_token: { type: 'string' } }, required: ['scope'] }),
          responses: { '200': ok('`{auth_req_id, expires_in, interval}`', { type: 'object', properties: { auth_req_id: { type: 'string' }, expires_in: { type: 'integer' }, interval: { type: 'integer' } }, required: ['auth_req_id', 'expires_in'] }), ...oauthErrors },
          security: clientAuth,
        }),
      }),
      [oauth2('/approvals')]: realmPath({
        get: op(['CIBA'], 'approvalsPage', "The signed-in user's pending requests, with Approve and Deny", { responses: { '200': ref.response('HtmlPage'), '302': ref.response('Redirect') } }),
      }),
      [oauth2('/approvals/{id}')]: realmPath(
        {
          post: op(['CIBA'], 'decideApprovalByForm', 'The approvals page\'s form (CSRF token required)', {
            requestBody: form({ type: 'object', properties: { csrf: { type: 'string' }, decision: { type: 'string', enum: ['approve', 'deny'] } }, required: ['csrf', 'decision'] }),
            responses: { '200': ref.response('HtmlPage'), '302': ref.response('Redirect'), '400': ref.response('HtmlPage'), '403': ref.response('HtmlPage') },
          }),
        },
        [pathParam('id', 'The approval _id.')],
      ),
      [oauth2('/introspect')]: realmPath({
        post: op(['OAuth 2.0'], 'introspect', 'Token introspection (RFC 7662)', {
          requestBody: form(ref.schema('TokenParameterRequest')),
          responses: { '200': ok('`{"active": false}` or the token’s claims.', ref.schema('IntrospectionResponse')), ...oauthErrors },
          security: clientAuth,
        }),
      }),
      [oauth2('/tokeninfo')]: realmPath({
        get: op(['OAuth 2.0'], 'tokeninfo', "AM's legacy token information", {
          parameters: [query('access_token', 'The token (prefer the Authorization header).')],
          responses: { '200': ok('The token’s information.', ref.schema('TokenInfoResponse')), ...oauthErrors },
          security: [{ bearer: [] }, {}],
        }),
      }),
      [oauth2('/token/revoke')]: realmPath({
        post: op(['OAuth 2.0'], 'revoke', 'Token revocation (RFC 7009)', {
          requestBody: form(ref.schema('TokenParameterRequest')),
          responses: { '200': ok('Revoked (also for an unknown token).', ref.schema('TokenRevokeResponse')), ...oauthErrors },
          security: clientAuth,
        }),
      }),
      [oauth2('/register')]: registration('an OAuth2 client', 'Client'),
      [oauth2('/aiagent/register')]: registration('an AI agent', 'Agent'),
      [oauth2('/connect/jwk_uri')]: realmPath({
        get: op(['Discovery'], 'jwks', "The realm's public signing keys (RFC 7517)", { responses: { '200': ok('The JWK set.', ref.schema('Jwks')), '404': ref.response('CrestError'), '503': ref.response('Unavailable') } }),
      }),
      [oauth2('/.well-known/openid-configuration')]: realmPath({
        get: op(['Discovery'], 'openidConfiguration', 'OpenID Provider metadata', { responses: { '200': ok('The metadata.', ref.schema('DiscoveryDocument')), '404': ref.response('CrestError'), '503': ref.response('Unavailable') } }),
      }),
      [oauth2('/.well-known/oauth-authorization-server')]: realmPath({
        get: op(['Discovery'], 'authorizationServerMetadata', 'OAuth 2.0 Authorization Server metadata (RFC 8414)', {
          responses: { '200': ok('The metadata.', ref.schema('DiscoveryDocument')), '404': ref.response('CrestError'), '503': ref.response('Unavailable') },
        }),
      }),
      '/openapi.json': {
        get: op(['Operations'], 'openapi', 'This document', { responses: { '200': ok('OpenAPI 3.1.', { type: 'object' }) } }),
      },
      '/console': {
        get: op(['Console'], 'console', 'The admin console', {
          description: 'Redirects `/console` to `/console/`, which answers index.html (`Cache-Control: no-cache`), with a strict Content-Security-Policy and `X-Frame-Options: DENY`.',
          responses: { '200': ok('index.html.', { type: 'string' }, 'text/html'), '302': { description: 'To `/console/`.' }, '404': ref.response('CrestError') },
        }),
      },
      '/console/*': {
        get: op(['Console'], 'consoleFile', 'A file of the admin console, or index.html for a client route', {
          description: 'Any path below `/console/`: `assets/…` files are named by content hash and cached for a year (`immutable`); a path that names no file answers index.html (`no-cache`).',
          responses: { '200': ok('The file.', { type: 'string' }, '*/*'), '404': ref.response('CrestError') },
        }),
      },
      '/health/live': {
        servers: probes,
        get: op(['Operations'], 'live', 'Liveness: the process answers', { responses: { '200': ok('Alive.', { type: 'object', properties: { status: { const: 'ok' }, service: { type: 'string' } } }) } }),
      },
      '/health/ready': {
        servers: probes,
        get: op(['Operations'], 'ready', 'Readiness: NATS and every service answer', {
          responses: { '200': ok('Ready.', ref.schema('ReadinessReport')), '503': ok('Not ready: the failing parts are under `error`.', ref.schema('ReadinessReport')) },
        }),
      },
    },
    components,
  };
}
