import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';

export interface ServerTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** The names every server certificate carries; `--host` adds more. */
export const DEFAULT_HOSTS = ['localhost', '127.0.0.1', 'nats'];

/**
 * A private CA and a server certificate it signs (ECDSA P-256). openssl is called rather than
 * an npm X.509 library: it is on every machine that runs nats-server, and no certificate
 * code of our own is written. The CA's key lives only in a temporary directory while it
 * signs: a new server certificate means a new CA (`--force`).
 */
export function makeServerTls(hosts: string[], openssl = process.env['OPENSSL_BIN'] ?? 'openssl'): ServerTls {
  const dir = mkdtempSync(join(tmpdir(), 'mandate-nats-ca-'));
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    run('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=Mandate NATS CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    run('req', '-new', ...ec, '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=nats');
    const names = [...new Set([...DEFAULT_HOSTS, ...hosts])].map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`));
    writeFileSync(join(dir, 'server.ext'), [
      `subjectAltName=${names.join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'));
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '825',
      '-out', 'server-cert.pem', '-extfile', 'server.ext');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return { caPem: read('ca.pem'), certPem: read('server-cert.pem'), keyPem: read('server-key.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
