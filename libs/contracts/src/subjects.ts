/**
 * NATS subjects. A subject names its owning service first, so that ownership is visible in
 * every log line and every queue group listens only to its own prefix.
 */
export const ServiceNames = {
  authn: 'authn-service',
  authorize: 'authorize-service',
  token: 'token-service',
  introspection: 'introspection-service',
  registration: 'registration-service',
} as const;
export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];

/** A process with its own NATS identity: a service, or the gateway. */
export type BusIdentity = ServiceName | 'gateway';
export const BusIdentities: readonly BusIdentity[] = ['gateway', ...Object.values(ServiceNames)];

export const Subjects = {
  authn: {
    sessionValidate: 'authn.session.validate',
    /** CREST `/json/authenticate` and `/json/sessions` actions (gateway → authn-service). */
    authenticate: 'authn.authenticate',
    sessionCheck: 'authn.session.check',
    sessionLogout: 'authn.session.logout',
    /** Event (fan-out): an SSO session ended (logout, expiry); see authn/session-ended.event.ts. */
    sessionEnded: 'authn.session.ended',
    /** ROPC: check a password without a session (token-service → authn-service). */
    credentialsVerify: 'authn.credentials.verify',
    /** A user by id or name, with its groups (token-service → authn-service). */
    userLookup: 'authn.user.lookup',
    /** CREST identity REST: users and groups (gateway → authn-service). */
    users: {
      create: 'authn.users.create',
      read: 'authn.users.read',
      replace: 'authn.users.replace',
      delete: 'authn.users.delete',
      query: 'authn.users.query',
    },
    groups: {
      create: 'authn.groups.create',
      read: 'authn.groups.read',
      replace: 'authn.groups.replace',
      delete: 'authn.groups.delete',
      query: 'authn.groups.query',
    },
  },
  registration: {
    realmResolve: 'registration.realm.resolve',
    discoveryGet: 'registration.discovery.get',
    /** Event (fan-out): configuration changed; see registration/config-changed.event.ts. */
    configChanged: 'registration.config.changed',
    clientGet: 'registration.client.get',
    clientAuthenticate: 'registration.client.authenticate',
    clientAuthenticateAssertion: 'registration.client.authenticate-assertion',
    jwtBearerVerify: 'registration.jwt-bearer.verify',
    providerGet: 'registration.provider.get',
    scriptGet: 'registration.script.get',
    policyGet: 'registration.policy.get',
    /** Admin REST (gateway → registration-service), realm-config and scripts. */
    adminProviderRead: 'registration.admin.provider.read',
    adminProviderReplace: 'registration.admin.provider.replace',
    adminAgentRead: 'registration.admin.agent.read',
    adminAgentPut: 'registration.admin.agent.put',
    adminAgentDelete: 'registration.admin.agent.delete',
    adminAgentQuery: 'registration.admin.agent.query',
    adminPolicyRead: 'registration.admin.policy.read',
    adminPolicyPut: 'registration.admin.policy.put',
    adminPolicyDelete: 'registration.admin.policy.delete',
    adminPolicyQuery: 'registration.admin.policy.query',
    adminScriptCreate: 'registration.admin.script.create',
    adminScriptRead: 'registration.admin.script.read',
    adminScriptPut: 'registration.admin.script.put',
    adminScriptDelete: 'registration.admin.script.delete',
    adminScriptQuery: 'registration.admin.script.query',
    adminInitialTokenCreate: 'registration.admin.initial-token.create',
    adminInitialTokenQuery: 'registration.admin.initial-token.query',
    adminInitialTokenDelete: 'registration.admin.initial-token.delete',
    /** Dynamic client registration, RFC 7591/7592 (gateway → registration-service); see registration/dcr.messages.ts. */
    dcrRegister: 'registration.dcr.register',
    dcrRead: 'registration.dcr.read',
    dcrUpdate: 'registration.dcr.update',
    dcrDelete: 'registration.dcr.delete',
  },
  token: {
    /** A realm's public signing keys (gateway `connect/jwk_uri` → token-service). */
    jwksGet: 'token.jwks.get',
    /** `POST oauth2/.../access_token` (gateway → token-service). */
    grant: 'token.grant',
    /** RFC 7009 `POST oauth2/.../token/revoke` (gateway → token-service). */
    revoke: 'token.revoke',
    /** A presented token's state and claims (introspection-service → token-service). */
    resolve: 'token.resolve',
    /** Admin REST `realm-config/keys?_action=rotate` (gateway → token-service); see token/keys-rotate.message.ts. */
    keysRotate: 'token.keys.rotate',
    /** Event (fan-out): a realm's signing key rotated; see token/keys-rotate.message.ts. */
    keysRotated: 'token.keys.rotated',
    /** Delegation governance (gateway → token-service); see token/delegations.message.ts. */
    delegationRead: 'token.delegation.read',
    delegationRevoke: 'token.delegation.revoke',
    userDelegations: 'token.delegation.user',
    agentDelegations: 'token.delegation.agent',
    userRevokeTokens: 'token.delegation.revoke-user',
    /** OpenID CIBA `POST oauth2/.../bc-authorize` (gateway → token-service); see authorize/ciba.messages.ts. */
    bcAuthorize: 'token.ciba.authorize',
  },
  authorize: {
    /** Redeem an authorization code once (token-service → authorize-service). */
    codeConsume: 'authorize.code.consume',
    /** `GET|POST oauth2/.../authorize` (gateway → authorize-service). */
    request: 'authorize.request',
    /** CIBA requests (token-service → authorize-service): store one, poll one. */
    cibaCreate: 'authorize.ciba.create',
    cibaPoll: 'authorize.ciba.poll',
    /** The user's decisions (gateway → authorize-service): the approvals page and REST. */
    approvalsList: 'authorize.approvals.list',
    approvalDecide: 'authorize.approvals.decide',
  },
  introspection: {
    /** RFC 7662 `POST oauth2/.../introspect` (gateway → introspection-service). */
    introspect: 'introspection.introspect',
    /** Legacy `GET oauth2/.../tokeninfo` (gateway → introspection-service). */
    tokeninfo: 'introspection.tokeninfo',
    /** A batch of audit events from a producer's outbox (token-, authn-, registration-service → the audit store); see audit/audit-event.message.ts. */
    auditRecord: 'introspection.audit.record',
    /** Admin REST `GET json/.../audit` (gateway → the audit store). */
    auditQuery: 'introspection.audit.query',
  },
  /** Every service answers `<service>.health` with its readiness. */
  health: (service: ServiceName) => `${service}.health`,
} as const;

/** NATS header that carries the correlation id across hops. */
export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Where a caller asks the instances serving `subject` which of its requests they are still
 * handling (every instance subscribes, no queue group): one nobody claims was lost with the
 * instance that had it, and fails at once instead of waiting out its timeout.
 */
export const heldSubject = (subject: string) => `_MANDATE.held.${subject}`;

/**
 * NATS header with the milliseconds the caller will still wait for the reply (a relative budget,
 * as gRPC's `grpc-timeout`: an absolute time would make every host's clock skew a deadline error).
 * The receiver drops a request whose budget is spent and hands what is left to its own calls.
 */
export const DEADLINE_HEADER = 'x-mandate-budget-ms';
