import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys } from 'nats';
import { type BusIdentity, BusIdentities } from '@mandate/contracts';
import { renderServerConfig } from './server-config';
import { makeServerTls } from './tls';

export interface NatsSecretsOptions {
  out: string;
  /** Extra names (DNS or IP) for the server certificate. */
  hosts?: string[];
  /** Replace existing keys and certificates. */
  force?: boolean;
  /** Where nats-server reads its certificate and key (default `/etc/nats`, where docker-compose mounts them). */
  serverDir?: string;
}

export interface NatsSecrets {
  out: string;
  /** Files written this run (kept files are not listed). */
  written: string[];
}

/** `<out>/<app>.nk`: the seed file of one identity. */
export const seedFile = (out: string, identity: BusIdentity) => join(out, `${identity}.nk`);

/**
 * Writes the bus's secrets into `out`:
 * `nats-server.conf`, `ca.pem`, `server-cert.pem`, `server-key.pem` and `<app>.nk` per app.
 * Keys and certificates that exist are kept unless `force`; the server configuration is
 * always written again from the catalogue, so permissions follow the code.
 */
export function writeNatsSecrets(options: NatsSecretsOptions): NatsSecrets {
  const { out, force = false } = options;
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string, mode: number) => {
    const file = join(out, name);
    writeFileSync(file, content, { mode });
    chmodSync(file, mode); // an existing file keeps its old mode through writeFileSync
    written.push(name);
  };

  const publicKeys = {} as Record<BusIdentity, string>;
  for (const identity of BusIdentities) {
    const file = seedFile(out, identity);
    if (!force && existsSync(file)) {
      publicKeys[identity] = nkeys.fromSeed(new TextEncoder().encode(readFileSync(file, 'utf8').trim())).getPublicKey();
      continue;
    }
    const user = nkeys.createUser();
    write(`${identity}.nk`, `${new TextDecoder().decode(user.getSeed())}\n`, 0o600);
    publicKeys[identity] = user.getPublicKey();
  }

  const tlsFiles = ['ca.pem', 'server-cert.pem', 'server-key.pem'];
  if (force || !tlsFiles.every((f) => existsSync(join(out, f)))) {
    const tls = makeServerTls(options.hosts ?? []);
    write('ca.pem', tls.caPem, 0o644);
    write('server-cert.pem', tls.certPem, 0o644);
    write('server-key.pem', tls.keyPem, 0o600);
  }
  write('nats-server.conf', renderServerConfig(publicKeys, options.serverDir ?? '/etc/nats'), 0o644);
  return { out, written };
}
