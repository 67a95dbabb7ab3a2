import type { z } from 'zod';
import { type MessageDefinition, type RequestMessage, defineEvent, defineMessage } from './message';
import { type BusIdentity, type ServiceName, ServiceNames, Subjects } from './subjects';
import { authenticateReplySchema, authenticateRequestSchema } from './authn/authenticate.message';
import { credentialsVerifyReplySchema, credentialsVerifyRequestSchema, userLookupReplySchema, userLookupRequestSchema } from './authn/credentials-verify.message';
import {
  identityCreateRequestSchema,
  identityDeleteRequestSchema,
  identityQueryReplySchema,
  identityQueryRequestSchema,
  identityReadRequestSchema,
  identityReplaceRequestSchema,
  identityResourceSchema,
} from './authn/identity.message';
import { sessionActionRequestSchema, sessionCheckReplySchema, sessionLogoutReplySchema } from './authn/session-action.message';
import { sessionEndedEventSchema } from './authn/session-ended.event';
import { sessionValidateReplySchema, sessionValidateRequestSchema } from './authn/session-validate.message';
import { authorizeReplySchema, authorizeRequestSchema } from './authorize/authorize-request.message';
import { codeConsumeReplySchema, codeConsumeRequestSchema } from './authorize/code-consume.message';
import {
  approvalDecideReplySchema,
  approvalDecideRequestSchema,
  approvalsListReplySchema,
  approvalsListRequestSchema,
  bcAuthorizeReplySchema,
  bcAuthorizeRequestSchema,
  cibaCreateReplySchema,
  cibaCreateRequestSchema,
  cibaPollReplySchema,
  cibaPollRequestSchema,
} from './authorize/ciba.messages';
import { discoveryDocumentSchema, discoveryGetRequestSchema } from './discovery/discovery-get.message';
import { healthCheckRequestSchema, healthReportSchema } from './health/health-check.message';
import { introspectReplySchema, introspectRequestSchema } from './introspection/introspect.message';
import { tokenInfoReplySchema, tokenInfoRequestSchema } from './introspection/tokeninfo.message';
import { realmResolveReplySchema, realmResolveRequestSchema } from './realm/realm-resolve.message';
import {
  clientAuthenticateAssertionRequestSchema,
  clientAuthenticateReplySchema,
  clientAuthenticateRequestSchema,
  clientGetReplySchema,
  clientGetRequestSchema,
} from './registration/client-view.message';
import { configChangedEventSchema } from './registration/config-changed.event';
import { jwtBearerVerifyReplySchema, jwtBearerVerifyRequestSchema } from './registration/jwt-bearer.message';
import {
  dcrClientProfileSchema,
  dcrDeleteReplySchema,
  dcrDeleteRequestSchema,
  dcrReadRequestSchema,
  dcrRegisterRequestSchema,
  dcrUpdateRequestSchema,
} from './registration/dcr.messages';
import { policyGetReplySchema, policyGetRequestSchema } from './registration/policy.message';
import { providerGetReplySchema, providerGetRequestSchema } from './registration/provider-settings.message';
import {
  agentAdminDeleteRequestSchema,
  agentAdminPutRequestSchema,
  agentAdminQueryRequestSchema,
  agentAdminReadRequestSchema,
  crestQueryReplySchema,
  crestResourceSchema,
  crestWriteReplySchema,
  initialTokenAdminCreateRequestSchema,
  initialTokenAdminDeleteRequestSchema,
  initialTokenAdminQueryRequestSchema,
  policyAdminDeleteRequestSchema,
  policyAdminPutRequestSchema,
  policyAdminQueryRequestSchema,
  policyAdminReadRequestSchema,
  providerAdminReadRequestSchema,
  providerAdminReplaceRequestSchema,
  scriptAdminCreateRequestSchema,
  scriptAdminDeleteRequestSchema,
  scriptAdminPutRequestSchema,
  scriptAdminQueryRequestSchema,
  scriptAdminReadRequestSchema,
} from './registration/realm-config-admin.messages';
import { scriptGetReplySchema, scriptGetRequestSchema } from './registration/script.message';
import { jwksGetReplySchema, jwksGetRequestSchema } from './token/jwks-get.message';
import { keysRotateReplySchema, keysRotateRequestSchema, keysRotatedEventSchema } from './token/keys-rotate.message';
import { tokenGrantReplySchema, tokenGrantRequestSchema } from './token/token-grant.message';
import { tokenResolveReplySchema, tokenResolveRequestSchema } from './token/token-resolve.message';
import { tokenRevokeReplySchema, tokenRevokeRequestSchema } from './token/token-revoke.message';
import {
  agentDelegationsRequestSchema,
  delegationTreeReplySchema,
  delegationTreeRequestSchema,
  userDelegationsRequestSchema,
  userRevokeTokensReplySchema,
  userRevokeTokensRequestSchema,
} from './token/delegations.message';
import { auditQueryReplySchema, auditQueryRequestSchema, auditRecordReplySchema, auditRecordRequestSchema } from './audit/audit-event.message';

/*
 * Every message on the bus, in the shape of `Subjects`: what it carries and who takes part.
 * To add one: name its subject in subjects.ts, write its schemas in a message file, and define
 * it here; the callers use `rpc.request(Messages.x.y, payload)`, the server `@Handles(Messages.x.y)`,
 * and the bus permissions follow (subject-catalogue.ts). A subject without a definition, or a
 * definition on the wrong subject, does not compile.
 */

const { authn: A, registration: R, token: T, authorize: Z, introspection: I } = Subjects;
const { authn, authorize, token, introspection, registration } = ServiceNames;

type Schema = z.ZodType;
/** A request served by `servedBy`, called by `calledBy`. */
const request = <const S extends string, Req extends Schema, Rep extends Schema>(subject: S, req: Req, reply: Rep, servedBy: ServiceName, ...calledBy: BusIdentity[]) =>
  defineMessage({ subject, request: req, reply, servedBy, calledBy });
/** A request the gateway makes on behalf of an HTTP route. */
const fromGateway = <const S extends string, Req extends Schema, Rep extends Schema>(subject: S, req: Req, reply: Rep, servedBy: ServiceName) =>
  request(subject, req, reply, servedBy, 'gateway');
const event = <const S extends string, E extends Schema>(subject: S, schema: E, publishedBy: BusIdentity[], subscribedBy: BusIdentity[]) =>
  defineEvent({ subject, event: schema, publishedBy, subscribedBy });

/** The CREST verbs of one identity kind (users, groups). */
const identity = <C extends string, R extends string, P extends string, D extends string, Q extends string>(s: { create: C; read: R; replace: P; delete: D; query: Q }) => ({
  create: fromGateway(s.create, identityCreateRequestSchema, identityResourceSchema, authn),
  read: fromGateway(s.read, identityReadRequestSchema, identityResourceSchema, authn),
  replace: fromGateway(s.replace, identityReplaceRequestSchema, identityResourceSchema, authn),
  delete: fromGateway(s.delete, identityDeleteRequestSchema, identityResourceSchema, authn),
  query: fromGateway(s.query, identityQueryRequestSchema, identityQueryReplySchema, authn),
});

/** `<service>.health`: the gateway's readiness asks every service. */
const healthMessages = Object.fromEntries(
  Object.values(ServiceNames).map((service) => [service, fromGateway(Subjects.health(service), healthCheckRequestSchema, healthReportSchema, service)]),
) as { [N in ServiceName]: RequestMessage<`${N}.health`, typeof healthCheckRequestSchema, typeof healthReportSchema> };

/** The definitions must follow `Subjects` leaf by leaf, each on its own subject. */
type MessageTree<T> = {
  [K in keyof T]: T[K] extends string ? MessageDefinition & { subject: T[K] } : T[K] extends (...args: never[]) => unknown ? (service: ServiceName) => RequestMessage : MessageTree<T[K]>;
};

export const Messages = {
  authn: {
    sessionValidate: request(A.sessionValidate, sessionValidateRequestSchema, sessionValidateReplySchema, authn, authorize, registration, token, introspection),
    authenticate: fromGateway(A.authenticate, authenticateRequestSchema, authenticateReplySchema, authn),
    sessionCheck: fromGateway(A.sessionCheck, sessionActionRequestSchema, sessionCheckReplySchema, authn),
    sessionLogout: fromGateway(A.sessionLogout, sessionActionRequestSchema, sessionLogoutReplySchema, authn),
    sessionEnded: event(A.sessionEnded, sessionEndedEventSchema, [authn], ['gateway', authn, authorize, token, introspection, registration]),
    credentialsVerify: request(A.credentialsVerify, credentialsVerifyRequestSchema, credentialsVerifyReplySchema, authn, token),
    userLookup: request(A.userLookup, userLookupRequestSchema, userLookupReplySchema, authn, token),
    users: identity(A.users),
    groups: identity(A.groups),
  },
  registration: {
    realmResolve: request(R.realmResolve, realmResolveRequestSchema, realmResolveReplySchema, registration, authn, token, introspection),
    discoveryGet: fromGateway(R.discoveryGet, discoveryGetRequestSchema, discoveryDocumentSchema, registration),
    configChanged: event(R.configChanged, configChangedEventSchema, [registration], [authorize, token, introspection, registration]),
    clientGet: request(R.clientGet, clientGetRequestSchema, clientGetReplySchema, registration, authorize, token, introspection),
    clientAuthenticate: request(R.clientAuthenticate, clientAuthenticateRequestSchema, clientAuthenticateReplySchema, registration, token, introspection),
    clientAuthenticateAssertion: request(R.clientAuthenticateAssertion, clientAuthenticateAssertionRequestSchema, clientAuthenticateReplySchema, registration, token, introspection),
    jwtBearerVerify: request(R.jwtBearerVerify, jwtBearerVerifyRequestSchema, jwtBearerVerifyReplySchema, registration, token),
    providerGet: request(R.providerGet, providerGetRequestSchema, providerGetReplySchema, registration, authorize, token),
    scriptGet: request(R.scriptGet, scriptGetRequestSchema, scriptGetReplySchema, registration, token),
    policyGet: request(R.policyGet, policyGetRequestSchema, policyGetReplySchema, registration, token),
    adminProviderRead: fromGateway(R.adminProviderRead, providerAdminReadRequestSchema, crestResourceSchema, registration),
    adminProviderReplace: fromGateway(R.adminProviderReplace, providerAdminReplaceRequestSchema, crestResourceSchema, registration),
    adminAgentRead: fromGateway(R.adminAgentRead, agentAdminReadRequestSchema, crestResourceSchema, registration),
    adminAgentPut: fromGateway(R.adminAgentPut, agentAdminPutRequestSchema, crestWriteReplySchema, registration),
    adminAgentDelete: fromGateway(R.adminAgentDelete, agentAdminDeleteRequestSchema, crestResourceSchema, registration),
    adminAgentQuery: fromGateway(R.adminAgentQuery, agentAdminQueryRequestSchema, crestQueryReplySchema, registration),
    adminPolicyRead: fromGateway(R.adminPolicyRead, policyAdminReadRequestSchema, crestResourceSchema, registration),
    adminPolicyPut: fromGateway(R.adminPolicyPut, policyAdminPutRequestSchema, crestWriteReplySchema, registration),
    adminPolicyDelete: fromGateway(R.adminPolicyDelete, policyAdminDeleteRequestSchema, crestResourceSchema, registration),
    adminPolicyQuery: fromGateway(R.adminPolicyQuery, policyAdminQueryRequestSchema, crestQueryReplySchema, registration),
    adminScriptCreate: fromGateway(R.adminScriptCreate, scriptAdminCreateRequestSchema, crestResourceSchema, registration),
    adminScriptRead: fromGateway(R.adminScriptRead, scriptAdminReadRequestSchema, crestResourceSchema, registration),
    adminScriptPut: fromGateway(R.adminScriptPut, scriptAdminPutRequestSchema, crestWriteReplySchema, registration),
    adminScriptDelete: fromGateway(R.adminScriptDelete, scriptAdminDeleteRequestSchema, crestResourceSchema, registration),
    adminScriptQuery: fromGateway(R.adminScriptQuery, scriptAdminQueryRequestSchema, crestQueryReplySchema, registration),
    adminInitialTokenCreate: fromGateway(R.adminInitialTokenCreate, initialTokenAdminCreateRequestSchema, crestResourceSchema, registration),
    adminInitialTokenQuery: fromGateway(R.adminInitialTokenQuery, initialTokenAdminQueryRequestSchema, crestQueryReplySchema, registration),
    adminInitialTokenDelete: fromGateway(R.adminInitialTokenDelete, initialTokenAdminDeleteRequestSchema, crestResourceSchema, registration),
    dcrRegister: fromGateway(R.dcrRegister, dcrRegisterRequestSchema, dcrClientProfileSchema, registration),
    dcrRead: fromGateway(R.dcrRead, dcrReadRequestSchema, dcrClientProfileSchema, registration),
    dcrUpdate: fromGateway(R.dcrUpdate, dcrUpdateRequestSchema, dcrClientProfileSchema, registration),
    dcrDelete: fromGateway(R.dcrDelete, dcrDeleteRequestSchema, dcrDeleteReplySchema, registration),
  },
  token: {
    jwksGet: fromGateway(T.jwksGet, jwksGetRequestSchema, jwksGetReplySchema, token),
    grant: fromGateway(T.grant, tokenGrantRequestSchema, tokenGrantReplySchema, token),
    revoke: fromGateway(T.revoke, tokenRevokeRequestSchema, tokenRevokeReplySchema, token),
    resolve: request(T.resolve, tokenResolveRequestSchema, tokenResolveReplySchema, token, introspection, registration),
    keysRotate: fromGateway(T.keysRotate, keysRotateRequestSchema, keysRotateReplySchema, token),
    keysRotated: event(T.keysRotated, keysRotatedEventSchema, [token], [token]),
    delegationRead: fromGateway(T.delegationRead, delegationTreeRequestSchema, delegationTreeReplySchema, token),
    delegationRevoke: fromGateway(T.delegationRevoke, delegationTreeRequestSchema, delegationTreeReplySchema, token),
    userDelegations: fromGateway(T.userDelegations, userDelegationsRequestSchema, crestQueryReplySchema, token),
    agentDelegations: fromGateway(T.agentDelegations, agentDelegationsRequestSchema, crestQueryReplySchema, token),
    userRevokeTokens: fromGateway(T.userRevokeTokens, userRevokeTokensRequestSchema, userRevokeTokensReplySchema, token),
    bcAuthorize: fromGateway(T.bcAuthorize, bcAuthorizeRequestSchema, bcAuthorizeReplySchema, token),
  },
  authorize: {
    codeConsume: request(Z.codeConsume, codeConsumeRequestSchema, codeConsumeReplySchema, authorize, token),
    request: fromGateway(Z.request, authorizeRequestSchema, authorizeReplySchema, authorize),
    cibaCreate: request(Z.cibaCreate, cibaCreateRequestSchema, cibaCreateReplySchema, authorize, token),
    cibaPoll: request(Z.cibaPoll, cibaPollRequestSchema, cibaPollReplySchema, authorize, token),
    approvalsList: fromGateway(Z.approvalsList, approvalsListRequestSchema, approvalsListReplySchema, authorize),
    approvalDecide: fromGateway(Z.approvalDecide, approvalDecideRequestSchema, approvalDecideReplySchema, authorize),
  },
  introspection: {
    introspect: fromGateway(I.introspect, introspectRequestSchema, introspectReplySchema, introspection),
    tokeninfo: fromGateway(I.tokeninfo, tokenInfoRequestSchema, tokenInfoReplySchema, introspection),
    auditRecord: request(I.auditRecord, auditRecordRequestSchema, auditRecordReplySchema, introspection, authn, token, registration),
    auditQuery: fromGateway(I.auditQuery, auditQueryRequestSchema, auditQueryReplySchema, introspection),
  },
  health: <N extends ServiceName>(service: N) => healthMessages[service],
} as const satisfies MessageTree<typeof Subjects>;

/** Every definition in `Messages`, health included. */
export function allMessages(): MessageDefinition[] {
  const out: MessageDefinition[] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object' && 'kind' in node) out.push(node as MessageDefinition);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(Messages);
  out.push(...Object.values(healthMessages));
  return out;
}

