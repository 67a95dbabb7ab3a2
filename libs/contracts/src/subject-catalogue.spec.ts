import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BusIdentity, BusIdentities, type BusSubject, SubjectCatalogue, busGrants, inboxPrefix } from './subject-catalogue';
import { ServiceNames, Subjects } from './subjects';

/*
 * The catalogue is checked against the code by reading the sources: the definitions say who
 * serves and calls each message, the scan finds who does. The handlers and callers name
 * messages through `Messages` (or a subject through `Subjects`). The scan knows three shapes:
 * - a file with @Handles/@MessagePattern/@EventPattern serves what it names; any other file calls it;
 * - `Messages.a.b` names every subject below that path, `const { x } = Messages.a` names `a.x`;
 * - a libs/platform class an app names (RealmClient, SessionClient, …) calls, per method the app
 *   uses (`.method(`), what that method names; a platform handler (ConfigChangedHandler) serves
 *   in the apps that name it or a platform module that registers it; `PlatformModule.forService`
 *   serves the service's own health subject.
 */

const root = join(__dirname, '../../..');
const APPS: Record<BusIdentity, string> = {
  gateway: 'apps/gateway/src',
  'authn-service': 'apps/authn-service/src',
  'authorize-service': 'apps/authorize-service/src',
  'token-service': 'apps/token-service/src',
  'introspection-service': 'apps/introspection-service/src',
  'registration-service': 'apps/registration-service/src',
};

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    const file = relative(root, join(entry.parentPath, entry.name));
    if (!entry.isFile() || !file.endsWith('.ts') || file.endsWith('.spec.ts') || /\/test\//.test(file)) continue;
    out.push({ file, text: readFileSync(join(root, file), 'utf8') });
  }
  return out;
}

function leavesBelow(path: string[]): string[] {
  let node: unknown = Subjects;
  for (const key of path) node = (node as Record<string, unknown>)?.[key];
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.keys(node).flatMap((k) => leavesBelow([...path, k]));
  return [];
}

/** The subjects a piece of source names through `Subjects` (health aside). */
function subjectsNamed(text: string): Set<string> {
  const named = new Set<string>();
  let rest = text;
  for (const m of text.matchAll(/const\s*\{([^}]+)\}\s*=\s*(?:Subjects|Messages)\.([\w.]+)/g)) {
    for (const name of m[1].split(',').map((n) => n.trim().split(':')[0].trim()).filter(Boolean)) {
      leavesBelow([...m[2].split('.'), name]).forEach((s) => named.add(s));
    }
    rest = rest.replace(m[0], '');
  }
  for (const m of rest.matchAll(/(?:Subjects|Messages)\.([\w.]+)/g)) {
    if (m[1] === 'health') continue;
    leavesBelow(m[1].split('.')).forEach((s) => named.add(s));
  }
  return named;
}

const serves = (text: string) => /@(Handles|MessagePattern|EventPattern)\(/.test(text);
const healthOfEvery = (text: string) => /(?:Subjects|Messages)\.health\(service\)/.test(text);

interface PlatformClass {
  name: string;
  file: string;
  text: string;
  /** Method name → its body. */
  methods: Map<string, string>;
}

const platformFiles = sources('libs/platform/src');
const platformClasses: PlatformClass[] = platformFiles.flatMap(({ file, text }) =>
  [...text.matchAll(/export class (\w+)/g)].map((m) => {
    const methods = new Map<string, string>();
    const parts = text.split(/^ {2}(?:async )?(\w+)\(/m);
    for (let i = 1; i < parts.length; i += 2) methods.set(parts[i], parts[i + 1]);
    return { name: m[1], file, text, methods };
  }),
);
const names = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text);

/**
 * What a piece of source calls: the subjects it names and those of the methods it uses of the
 * platform classes its file (`context`) names. A method's body is read in its own file, so
 * that calls to its siblings (`this.validate(`) and to other platform classes count too.
 */
function callsOf(text: string, context = text, seen = new Set<string>()): Set<string> {
  const calls = subjectsNamed(text);
  for (const cls of platformClasses) {
    if (serves(cls.text) || cls.file.endsWith('.module.ts') || !names(context, cls.name)) continue;
    for (const [method, body] of cls.methods) {
      const key = `${cls.name}.${method}`;
      if (seen.has(key) || !new RegExp(`\\.${method}\\(`).test(text)) continue;
      seen.add(key);
      callsOf(body, cls.text, seen).forEach((s) => calls.add(s));
    }
  }
  return calls;
}

/** What the code of one app serves and calls, as far as the scan can tell. */
function scan(identity: BusIdentity): { served: Set<string>; called: Set<string> } {
  const served = new Set<string>();
  const called = new Set<string>();
  const files = sources(APPS[identity]);
  const all = files.map((f) => f.text).join('\n');
  for (const { text } of files) {
    if (serves(text)) subjectsNamed(text).forEach((s) => served.add(s));
    else callsOf(text).forEach((s) => called.add(s));
    if (healthOfEvery(text)) Object.values(ServiceNames).forEach((s) => called.add(Subjects.health(s)));
  }
  if (/PlatformModule\.forService\(/.test(all) && identity !== 'gateway') served.add(Subjects.health(identity));
  const platformModules = platformClasses.filter((c) => c.file.endsWith('.module.ts') && names(all, c.name));
  for (const handler of platformClasses.filter((c) => serves(c.text))) {
    if (names(all, handler.name) || platformModules.some((m) => names(m.text, handler.name))) subjectsNamed(handler.text).forEach((s) => served.add(s));
  }
  return { served, called };
}

/** What the catalogue says one app serves (or receives) and calls (or publishes). */
function catalogued(identity: BusIdentity): { served: Set<string>; called: Set<string> } {
  const grants = busGrants(identity);
  return { served: new Set([...grants.serve, ...grants.receive]), called: new Set(grants.publish) };
}

const sorted = (s: Set<string>) => [...s].sort();

describe('the subject catalogue', () => {
  it('has an entry for every subject constant', () => {
    const all = [...leavesBelow([]), ...Object.values(ServiceNames).map(Subjects.health)];
    expect(Object.keys(SubjectCatalogue).sort()).toEqual(all.sort());
  });

  it.each(BusIdentities)('lists exactly what %s serves and calls in its code', (identity) => {
    const code = scan(identity);
    const table = catalogued(identity);
    expect({ served: sorted(table.served), called: sorted(table.called) }).toEqual({ served: sorted(code.served), called: sorted(code.called) });
  });

  it('finds the subjects the scan is expected to see (the scan itself is not blind)', () => {
    expect(scan('authn-service').served).toContain('authn.users.create'); // identityHandler(Messages.authn.users)
    expect(scan('registration-service').served).toContain('registration.dcr.register'); // const { dcrRegister } = Messages.registration
    expect(scan('token-service').served).toContain('registration.config.changed'); // via ConfigCacheModule
    expect(scan('authorize-service').called).toContain('registration.client.get'); // RegistrationConfigClient.client()
    expect(scan('gateway').called).toContain('token-service.health');
  });

  it('has each request served by one service that does not call itself', () => {
    for (const [subject, entry] of Object.entries(SubjectCatalogue)) {
      if (entry.kind === 'request') expect({ subject, selfCall: entry.calledBy.includes(entry.servedBy) }).toEqual({ subject, selfCall: false });
    }
  });

  it('gives every identity its own reply prefix', () => {
    expect(inboxPrefix('gateway')).toBe('_INBOX_gateway');
    expect(new Set(BusIdentities.map(inboxPrefix)).size).toBe(BusIdentities.length);
  });

  it('keeps the secrets out of reach of the gateway: it may not call the registration client lookup', () => {
    const subject: BusSubject = 'registration.client.get';
    expect(busGrants('gateway').publish).not.toContain(subject);
    expect(busGrants('registration-service').serve).toContain(subject);
  });
});
