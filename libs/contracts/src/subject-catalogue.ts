import type { MessageDefinition } from './message';
import { allMessages } from './messages';
export { type BusIdentity, BusIdentities } from './subjects';
import { type BusIdentity, type ServiceName, type Subjects } from './subjects';

/**
 * Who may do what on the bus: for every subject, the service that serves it (its queue group)
 * and the processes that call it, or for an event who publishes and who subscribes. The NATS
 * permissions of each process are generated from this table (tools/nats), so a process can
 * publish only what it calls and subscribe only to what it serves. The table is derived from the
 * message definitions (messages.ts), which follow `Subjects` leaf by leaf: a subject added to
 * `Subjects` without a definition does not compile, and subject-catalogue.spec.ts checks the
 * entries against the handlers and callers in the code.
 */

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

const entryOf = (m: MessageDefinition): CatalogueEntry =>
  m.kind === 'request'
    ? { kind: 'request', servedBy: m.servedBy, calledBy: m.calledBy }
    : { kind: 'event', publishedBy: m.publishedBy, subscribedBy: m.subscribedBy };

/** The parties of every subject, read from the message definitions (messages.ts). */
export const SubjectCatalogue = Object.fromEntries(allMessages().map((m) => [m.subject, entryOf(m)])) as Readonly<Record<BusSubject, CatalogueEntry>>;

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
