import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { apps, K8sObject, ofKind, podTemplates, render, Rendered, root } from './render';

// tools/k8s/create-secrets.sh, run with --dry-run (it prints the Secrets instead of applying them),
// against the Secrets the rendered manifests reference.
const script = join(root, 'tools/k8s/create-secrets.sh');
// The files `npm run nats:secrets` writes; stand-ins, the script only copies them.
const natsFiles = ['nats-server.conf', 'ca.pem', 'server-cert.pem', 'server-key.pem', ...apps.map((a) => `${a}.nk`)];

let natsDir: string;
beforeEach(() => {
  natsDir = mkdtempSync(join(tmpdir(), 'mandate-nats-secrets-'));
  for (const f of natsFiles) writeFileSync(join(natsDir, f), `contents of ${f}\n`);
});
afterEach(() => rmSync(natsDir, { recursive: true, force: true }));

function createSecrets(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('bash', [script, '--nats', natsDir, '--dry-run', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const secrets: Record<string, Record<string, string>> = {};
  for (const doc of run.status === 0 ? parseAllDocuments(run.stdout) : []) {
    const s = doc.toJS();
    if (s) secrets[`${s.metadata.namespace}/${s.metadata.name}`] = Object.fromEntries(Object.entries(s.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  }
  return { status: run.status, stderr: run.stderr, secrets };
}

/** Every Secret (namespace/name) and key the pods read, with the Secrets others create left out. */
function referencedSecrets(rendered: Rendered, createdElsewhere: string[]): string[] {
  const refs = new Set<string>();
  for (const { template } of podTemplates(rendered)) {
    for (const c of template.spec.containers as K8sObject[]) {
      for (const e of (c.env ?? []) as K8sObject[]) if (e.valueFrom?.secretKeyRef) refs.add(`${e.valueFrom.secretKeyRef.name} ${e.valueFrom.secretKeyRef.key}`);
    }
    for (const v of (template.spec.volumes ?? []) as K8sObject[]) {
      const secrets = v.secret ? [{ name: v.secret.secretName, items: v.secret.items }] : ((v.projected?.sources ?? []) as K8sObject[]).map((s) => s.secret).filter(Boolean);
      for (const s of secrets) for (const item of s.items ?? [{ key: '*' }]) refs.add(`${s.name} ${item.key}`);
    }
  }
  const namespace = ofKind(rendered, 'Deployment')[0].metadata.namespace;
  return [...refs].filter((r) => !createdElsewhere.includes(r.split(' ')[0])).map((r) => `${namespace}/${r}`).sort();
}

function created(secrets: Record<string, Record<string, string>>): string[] {
  return Object.entries(secrets).flatMap(([name, data]) => Object.keys(data).map((k) => `${name} ${k}`));
}

describe('tools/k8s/create-secrets.sh', () => {
  it('creates every Secret and key the dev stack reads, and no other', () => {
    const rendered = render('deploy/k8s/overlays/dev');
    const { status, secrets } = createSecrets(['--namespace', 'mandate-dev']);
    expect(status).toBe(0);
    const refs = referencedSecrets(rendered, []);
    // mandate-nats-server is mounted whole: its files are the ones nats-server is started with.
    const whole = refs.filter((r) => r.endsWith(' *'));
    expect(whole).toEqual(['mandate-dev/mandate-nats-server *']);
    const expected = [...refs.filter((r) => !whole.includes(r)), ...['nats-server.conf', 'server-cert.pem', 'server-key.pem'].map((f) => `mandate-dev/mandate-nats-server ${f}`)];
    expect(created(secrets).sort()).toEqual(expected.sort());
  });

  it('creates every Secret and key the HA stack reads but the one CloudNativePG creates', () => {
    const rendered = render('deploy/k8s/overlays/ha');
    const cluster = ofKind(rendered, 'Cluster')[0].metadata.name;
    const { status, secrets } = createSecrets(['--namespace', 'mandate', '--ha']);
    expect(status).toBe(0);
    const refs = referencedSecrets(rendered, [`${cluster}-app`]).filter((r) => !r.endsWith(' *'));
    expect(created(secrets).filter((r) => !r.startsWith('mandate/mandate-nats-server ')).sort()).toEqual(refs);
    expect(Object.keys(secrets)).not.toContain('mandate/mandate-database');
  });

  it('copies each app its own nkey seed and the NATS files as written', () => {
    const { secrets } = createSecrets(['--namespace', 'mandate', '--ha']);
    for (const app of apps) expect(secrets[`mandate/mandate-nats-${app}`]).toEqual({ nkey: `contents of ${app}.nk\n` });
    expect(secrets['mandate/mandate-nats-ca']).toEqual({ 'ca.pem': 'contents of ca.pem\n' });
  });

  it('generates a 32-byte key-encryption key, an amadmin password, and the Postgres password the URL to mandate-postgres carries', () => {
    const { secrets } = createSecrets(['--namespace', 'mandate-dev']);
    expect(Buffer.from(secrets['mandate-dev/mandate-keys']['encryption-key'], 'base64')).toHaveLength(32);
    expect(secrets['mandate-dev/mandate-admin'].password.length).toBeGreaterThanOrEqual(8);
    const db = secrets['mandate-dev/mandate-database'];
    expect(db.password).toMatch(/^[0-9a-f]{48}$/);
    expect(db).toEqual({ username: 'mandate', password: db.password, url: `postgres://mandate:${db.password}@mandate-postgres:5432/mandate` });
    const postgres = render('deploy/k8s/overlays/dev').objects.find((o) => o.id === 'Service/mandate-postgres');
    expect(postgres?.object.spec.ports[0].port).toBe(5432);
  });

  it('takes the key-encryption key and amadmin password from the environment when set', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const { secrets } = createSecrets(['--namespace', 'mandate', '--ha'], { MANDATE_KEY_ENCRYPTION_KEY: key, AM_ADMIN_PASSWORD: 'Ch4ng3 me!' });
    expect(secrets['mandate/mandate-keys']).toEqual({ 'encryption-key': key });
    expect(secrets['mandate/mandate-admin']).toEqual({ password: 'Ch4ng3 me!' });
  });

  it('stops, naming every missing file, when the NATS folder is incomplete', () => {
    unlinkSync(join(natsDir, 'ca.pem'));
    unlinkSync(join(natsDir, 'token-service.nk'));
    const { status, stderr } = createSecrets(['--namespace', 'mandate']);
    expect(status).toBe(1);
    expect(stderr).toBe(`create-secrets: ${natsDir} lacks ca.pem token-service.nk (npm run nats:secrets -- --out ${natsDir} --host <names> --server-dir /etc/nats/secret writes them)\n`);
  });

  it('refuses a key-encryption key that is not 32 bytes and an amadmin password under 8 characters', () => {
    expect(createSecrets(['--namespace', 'mandate'], { MANDATE_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toMatchObject({
      status: 1,
      stderr: 'create-secrets: MANDATE_KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)\n',
    });
    expect(createSecrets(['--namespace', 'mandate'], { AM_ADMIN_PASSWORD: 'short' })).toMatchObject({ status: 1, stderr: 'create-secrets: AM_ADMIN_PASSWORD must have 8 characters or more\n' });
  });
});
