import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { nkeys } from 'nats';
import { BusIdentities } from '@mandate/contracts';
import { writeNatsSecrets } from './nats-secrets';
import { permissionsOf } from './server-config';

describe('npm run nats:secrets', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'nats-secrets-spec-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const read = (f: string) => readFileSync(join(out, f), 'utf8');

  it('writes the server configuration, the CA, the server certificate and key, and one seed per app', () => {
    writeNatsSecrets({ out, hosts: ['nats.mandate.svc'] });
    const files = ['nats-server.conf', 'ca.pem', 'server-cert.pem', 'server-key.pem', ...BusIdentities.map((i) => `${i}.nk`)];
    for (const f of files) expect(statSync(join(out, f)).size).toBeGreaterThan(0);
    for (const i of BusIdentities) {
      expect(statSync(join(out, `${i}.nk`)).mode & 0o777).toBe(0o600);
      expect(read('nats-server.conf')).toContain(`nkey: "${nkeys.fromSeed(new TextEncoder().encode(read(`${i}.nk`).trim())).getPublicKey()}"`);
    }
    expect(statSync(join(out, 'server-key.pem')).mode & 0o777).toBe(0o600);
    const san = execFileSync('openssl', ['x509', '-in', join(out, 'server-cert.pem'), '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' });
    expect(san).toContain('DNS:localhost, IP Address:127.0.0.1, DNS:nats, DNS:nats.mandate.svc');
    expect(execFileSync('openssl', ['verify', '-CAfile', join(out, 'ca.pem'), join(out, 'server-cert.pem')], { encoding: 'utf8' })).toContain(': OK');
  });

  it('points the server at its certificate where it will read it (default /etc/nats)', () => {
    writeNatsSecrets({ out });
    expect(read('nats-server.conf')).toContain('cert_file: "/etc/nats/server-cert.pem"');
    writeNatsSecrets({ out, serverDir: '/run/nats' });
    expect(read('nats-server.conf')).toContain('key_file: "/run/nats/server-key.pem"');
  });

  it('keeps existing keys and certificates on a second run, and replaces them with --force', () => {
    writeNatsSecrets({ out });
    const before = { seed: read('gateway.nk'), cert: read('server-cert.pem'), ca: read('ca.pem') };
    expect(writeNatsSecrets({ out }).written).toEqual(['nats-server.conf']);
    expect({ seed: read('gateway.nk'), cert: read('server-cert.pem'), ca: read('ca.pem') }).toEqual(before);
    writeNatsSecrets({ out, force: true });
    expect(read('gateway.nk')).not.toBe(before.seed);
    expect(read('ca.pem')).not.toBe(before.ca);
  });

  it("derives each identity's permissions from the catalogue: calls to publish, its queue group to serve, its own inbox", () => {
    expect(permissionsOf('introspection-service')).toEqual({
      // authn.session.validate: the audit query is for amadmin only (issue 20).
      publish: [
        'authn.session.validate',
        'registration.realm.resolve',
        'registration.client.get',
        'registration.client.authenticate',
        'registration.client.authenticate-assertion',
        'token.resolve',
        // the held probes of the same requests (libs/platform/src/transport/held-probes.ts)
        '_MANDATE.held.authn.session.validate',
        '_MANDATE.held.registration.realm.resolve',
        '_MANDATE.held.registration.client.get',
        '_MANDATE.held.registration.client.authenticate',
        '_MANDATE.held.registration.client.authenticate-assertion',
        '_MANDATE.held.token.resolve',
      ],
      subscribe: [
        'introspection.introspect introspection-service',
        'introspection.tokeninfo introspection-service',
        'introspection.audit.record introspection-service',
        'introspection.audit.query introspection-service',
        'introspection-service.health introspection-service',
        '_MANDATE.held.introspection.introspect',
        '_MANDATE.held.introspection.tokeninfo',
        '_MANDATE.held.introspection.audit.record',
        '_MANDATE.held.introspection.audit.query',
        '_MANDATE.held.introspection-service.health',
        'authn.session.ended',
        'registration.config.changed',
        '_INBOX_introspection-service.>',
      ],
      allowResponses: true,
    });
    expect(permissionsOf('gateway').subscribe).toEqual(['authn.session.ended', '_INBOX_gateway.>']);
    expect(permissionsOf('gateway').allowResponses).toBe(false);
  });
});
