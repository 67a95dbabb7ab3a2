import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ConnectionOptions, nkeyAuthenticator } from 'nats';
import { readFileSync } from 'node:fs';
import { type BusIdentity, SubjectCatalogue, type BusSubject, inboxPrefix } from '@mandate/contracts';
import { workspaceRoot } from '../stack/workspace';

/** The files `npm run nats:secrets` wrote for one test server (see tools/nats). */
export interface NatsSecrets {
  dir: string;
  /** `<dir>/nats-server.conf` */
  configFile: string;
  /** `<dir>/ca.pem`: the CA that signed the server's certificate. */
  caFile: string;
  /** `<dir>/<app>.nk`: one identity's seed. */
  seedFile(identity: BusIdentity): string;
}

/**
 * Runs the project's own generator (the command operators run) into a fresh temp dir, so the
 * test servers enforce exactly the permissions production does. `serverDir` is where the
 * server will read its certificate and key (the temp dir itself, or a path in a container).
 */
export async function generateNatsSecrets(serverDir?: string): Promise<NatsSecrets> {
  const dir = mkdtempSync(join(tmpdir(), 'mandate-nats-secrets-'));
  const root = workspaceRoot();
  await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', join(root, 'tools/nats/nats-secrets.ts'), '--out', dir, '--server-dir', serverDir ?? dir],
    { cwd: root, env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') } },
  );
  return { dir, configFile: join(dir, 'nats-server.conf'), caFile: join(dir, 'ca.pem'), seedFile: (identity) => join(dir, `${identity}.nk`) };
}

/** What a server hands out: its URL, and with secrets an identity's env and connection options. */
export interface NatsAccess {
  url: string;
  /** Set when the server requires TLS and an nkey identity. */
  secrets?: NatsSecrets;
  /** NATS_URL, and with secrets NATS_NKEY_SEED_FILE and NATS_TLS_CA_FILE, for an app of that identity. */
  env(identity: BusIdentity): Record<string, string>;
  /** nats.js options to connect as that identity (without secrets: just the URL). */
  connectOptions(identity: BusIdentity): ConnectionOptions;
}

export function natsAccess(url: string, secrets?: NatsSecrets): NatsAccess {
  return {
    url,
    secrets,
    env: (identity) => ({
      NATS_URL: url,
      ...(secrets ? { NATS_NKEY_SEED_FILE: secrets.seedFile(identity), NATS_TLS_CA_FILE: secrets.caFile } : {}),
    }),
    connectOptions: (identity) => ({
      servers: url,
      inboxPrefix: inboxPrefix(identity),
      ...(secrets
        ? {
            authenticator: nkeyAuthenticator(new TextEncoder().encode(readFileSync(secrets.seedFile(identity), 'utf8').trim())),
            tls: { caFile: secrets.caFile },
          }
        : {}),
    }),
  };
}

/** The identity a test speaks as when it sends `subject` the way a service would: its first caller. */
export function callerOf(subject: string): BusIdentity {
  const entry = SubjectCatalogue[subject as BusSubject];
  if (!entry) throw new Error(`${subject} is not in the subject catalogue`);
  const caller = entry.kind === 'request' ? entry.calledBy[0] : entry.publishedBy[0];
  if (!caller) throw new Error(`nobody may send ${subject}`);
  return caller;
}
