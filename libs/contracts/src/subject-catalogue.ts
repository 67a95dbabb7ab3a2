import { type ServiceName, ServiceNames, Subjects } from './subjects';

/**
 * Who may do what on the bus: for every subject, the service that serves it (its queue group)
 * and the processes that call it, or for an event who publishes and who subscribes. The NATS
 * permissions of each process are generated from this table (tools/nats), so a process can
 * publish only what it calls and subscribe only to what it serves. The table is keyed by every
 * subject constant: a subject added to `Subjects` without an entry does not compile, and
 * subject-catalogue.spec.ts checks the entries against the handlers and callers in the code.
 */

/** A process with its own NATS identity: a service, or the gateway. */
export type BusIdentity = ServiceName | 'gateway';
export const BusIdentities: readonly BusIdentity[] = ['gateway', ...Object.values(ServiceNames)];

/** A request/reply subject: served by one service's queue group, called by the listed processes. */
export interface RequestEntry {
  readonly kind: 'request';
  readonly servedBy: ServiceName;
  readonly calledBy: readonly BusIdentity[];
}

/** A fan-out event: every instance of every subscriber gets it (no queue group). */
export interface EventEntry {
  readonly kind: 'event';
  readonly publishedBy: readonly BusIdentity[];
  readonly subscribedBy: readonly BusIdentity[];
}

export type CatalogueEntry = RequestEntry | EventEntry;

type Leaves<T> = T extends string ? T : T extends (...args: never[]) => unknown ? never : { [K in keyof T]: Leaves<T[K]> }[keyof T];
/** Every subject on the bus: the string constants of `Subjects` and each service's health subject. */
export type BusSubject = Leaves<typeof Subjects> | `${ServiceName}.health`;

const { authn: A, registration: R, token: T, authorize: Z, introspection: I } = Subjects;
const request = (servedBy: ServiceName, ...calledBy: BusIdentity[]): RequestEntry => ({ kind: 'request', servedBy, calledBy });
const event = (publishedBy: BusIdentity[], subscribedBy: BusIdentity[]): EventEntry => ({ kind: 'event', publishedBy, subscribedBy });
const gateway = (servedBy: ServiceName) => request(servedBy, 'gateway');

const authn = ServiceNames.authn;
const authorize = ServiceNames.authorize;
const token = ServiceNames.token;
const introspection = ServiceNames.introspection;
const registration = ServiceNames.registration;

export const SubjectCatalogue: Readonly<Record<BusSubject, CatalogueEntry>> = {
  [A.sessionValidate]: request(authn, authorize, registration, token, introspection),
  [A.authenticate]: gateway(authn),
  [A.sessionCheck]: gateway(authn),
  [A.sessionLogout]: gateway(authn),
  [A.sessionEnded]: event([authn], ['gateway', authn, authorize, token, introspection, registration]),
  [A.credentialsVerify]: request(authn, token),
  [A.userLookup]: request(authn, token),
  [A.users.create]: gateway(authn),
  [A.users.read]: gateway(authn),
  [A.users.replace]: gateway(authn),
  [A.users.delete]: gateway(authn),
  [A.users.query]: gateway(authn),
  [A.groups.create]: gateway(authn),
  [A.groups.read]: gateway(authn),
  [A.groups.replace]: gateway(authn),
  [A.groups.delete]: gateway(authn),
  [A.groups.query]: gateway(authn),

  [R.realmResolve]: request(registration, authn, token, introspection),
  [R.discoveryGet]: gateway(registration),
  [R.configChanged]: event([registration], [authorize, token, introspection, registration]),
  [R.clientGet]: request(registration, authorize, token, introspection),
  [R.clientAuthenticate]: request(registration, token, introspection),
  [R.providerGet]: request(registration, authorize, token),
  [R.scriptGet]: request(registration, token),
  [R.policyGet]: request(registration, token),
  [R.adminProviderRead]: gateway(registration),
  [R.adminProviderReplace]: gateway(registration),
  [R.adminAgentRead]: gateway(registration),
  [R.adminAgentPut]: gateway(registration),
  [R.adminAgentDelete]: gateway(registration),
  [R.adminAgentQuery]: gateway(registration),
  [R.adminPolicyRead]: gateway(registration),
  [R.adminPolicyPut]: gateway(registration),
  [R.adminPolicyDelete]: gateway(registration),
  [R.adminPolicyQuery]: gateway(registration),
  [R.adminScriptCreate]: gateway(registration),
  [R.adminScriptRead]: gateway(registration),
  [R.adminScriptPut]: gateway(registration),
  [R.adminScriptDelete]: gateway(registration),
  [R.adminScriptQuery]: gateway(registration),
  [R.adminInitialTokenCreate]: gateway(registration),
  [R.adminInitialTokenQuery]: gateway(registration),
  [R.adminInitialTokenDelete]: gateway(registration),
  [R.dcrRegister]: gateway(registration),
  [R.dcrRead]: gateway(registration),
  [R.dcrUpdate]: gateway(registration),
  [R.dcrDelete]: gateway(registration),

  [T.jwksGet]: gateway(token),
  [T.grant]: gateway(token),
  [T.revoke]: gateway(token),
  [T.keysRotate]: gateway(token),
  [T.keysRotated]: event([token], [token]),
  [T.resolve]: request(token, introspection, registration),
  [T.delegationRead]: gateway(token),
  [T.delegationRevoke]: gateway(token),
  [T.userDelegations]: gateway(token),
  [T.agentDelegations]: gateway(token),
  [T.userRevokeTokens]: gateway(token),

  [Z.codeConsume]: request(authorize, token),
  [Z.request]: gateway(authorize),

  [I.introspect]: gateway(introspection),
  [I.tokeninfo]: gateway(introspection),
  [I.auditRecord]: request(introspection, authn, token, registration),
  [I.auditQuery]: gateway(introspection),

  // The gateway's readiness asks every service.
  'authn-service.health': gateway(authn),
  'authorize-service.health': gateway(authorize),
  'token-service.health': gateway(token),
  'introspection-service.health': gateway(introspection),
  'registration-service.health': gateway(registration),
};

/** What one process may do on the bus, as the catalogue says. */
export interface BusGrants {
  /** Request subjects it calls and events it publishes. */
  publish: string[];
  /** Request subjects it serves, always in its own queue group. */
  serve: string[];
  /** Events it receives on a plain subscription (every instance gets each one). */
  receive: string[];
}

export function busGrants(identity: BusIdentity): BusGrants {
  const grants: BusGrants = { publish: [], serve: [], receive: [] };
  for (const [subject, entry] of Object.entries(SubjectCatalogue) as Array<[BusSubject, CatalogueEntry]>) {
    if (entry.kind === 'request') {
      if (entry.calledBy.includes(identity)) grants.publish.push(subject);
      if (entry.servedBy === identity) grants.serve.push(subject);
    } else {
      if (entry.publishedBy.includes(identity)) grants.publish.push(subject);
      if (entry.subscribedBy.includes(identity)) grants.receive.push(subject);
    }
  }
  return grants;
}

/**
 * The prefix of a process's reply subjects (`<prefix>.<id>.<n>`). Each identity may subscribe
 * only below its own, so no process can read the replies meant for another.
 */
export function inboxPrefix(identity: BusIdentity | (string & {})): string {
  return `_INBOX_${identity}`;
}
