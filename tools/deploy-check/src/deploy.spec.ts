import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apps, get, K8sObject, ofKind, overlays, podTemplates, render, Rendered, root } from './render';

// The deploy artefacts are checked offline: kustomize renders (kubectl kustomize), the Kubernetes
// schemas validate (kubernetes-models), docker-compose parses (docker-compose config).
describe.each(['deploy/k8s', 'deploy/k8s/base', ...overlays])('Kubernetes manifests: %s', (dir) => {
  const rendered = render(dir);
  const deployments = rendered.objects.filter((o) => o.kind === 'Deployment');

  it('renders without a kustomize warning', () => {
    expect(rendered.warnings).toBe('');
  });

  it('validates against the Kubernetes schemas', () => {
    expect(rendered.errors).toEqual([]);
    expect(rendered.objects.length).toBeGreaterThan(0);
  });

  it('has a Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget for every app', () => {
    for (const app of apps) {
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
        expect(rendered.objects.map((o) => o.id)).toContain(`${kind}/${app}`);
      }
    }
  });

  it('gives every container probes, requests and limits, and no root', () => {
    for (const { id, template } of podTemplates(rendered).filter((p) => !p.id.startsWith('Job/'))) {
      const pod = template.spec;
      expect([id, pod.securityContext.runAsNonRoot]).toEqual([id, true]);
      for (const c of pod.containers) {
        if (id.startsWith('Deployment/')) {
          expect(c.livenessProbe.httpGet.path).toBe('/health/live');
          expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
        } else {
          expect(c.livenessProbe).toBeDefined();
          expect(c.readinessProbe).toBeDefined();
        }
        expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        expect(c.image).not.toMatch(/:latest$|^[^:]+$/);
      }
    }
  });

  it('runs every app and the migrate Job from one image, the command choosing the app', () => {
    const containers = podTemplates(rendered)
      .filter((p) => p.id.startsWith('Deployment/') || p.id === 'Job/mandate-migrate')
      .flatMap((p) => p.template.spec.containers as K8sObject[]);
    expect(containers.length).toBeGreaterThan(apps.length);
    expect(new Set(containers.map((c) => c.image)).size).toBe(1);
    for (const c of containers) expect(c.command).toEqual(['node', `dist/apps/${c.name}/main.js`]);
  });

  it('connects every app to NATS over TLS with its own nkey seed and the CA', () => {
    const config = get(rendered, 'ConfigMap', 'mandate-config').data;
    expect(config.NATS_URL).toBe('tls://mandate-nats:4222');
    // The base holds the apps only; everything built on it runs NATS behind that name.
    if (dir !== 'deploy/k8s/base') expect(get(rendered, 'Service', 'mandate-nats').spec.ports).toContainEqual(expect.objectContaining({ port: 4222 }));
    for (const app of apps) {
      const pod = get(rendered, 'Deployment', app).spec.template.spec;
      const env = Object.fromEntries((pod.containers[0].env as K8sObject[]).map((e) => [e.name, e.value]));
      expect(env).toMatchObject({ NATS_NKEY_SEED_FILE: '/etc/mandate/nats/nkey', NATS_TLS_CA_FILE: '/etc/mandate/nats/ca.pem' });
      const mount = (pod.containers[0].volumeMounts as K8sObject[]).find((m) => m.mountPath === '/etc/mandate/nats');
      const volume = (pod.volumes as K8sObject[]).find((v) => v.name === mount?.name);
      const files = (volume?.projected.sources as K8sObject[]).flatMap((s) => (s.secret.items as K8sObject[]).map((i) => ({ secret: s.secret.name, ...i })));
      expect(files).toContainEqual({ secret: `mandate-nats-${app}`, key: 'nkey', path: 'nkey' });
      expect(files).toContainEqual(expect.objectContaining({ path: 'ca.pem' }));
    }
  });

  it('migrates every service in a one-shot Job, with the image its Deployments run', () => {
    const pod = get(rendered, 'Job', 'mandate-migrate').spec.template.spec;
    expect(pod.restartPolicy).toMatch(/^(OnFailure|Never)$/);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const services = apps.filter((a) => a !== 'gateway').sort();
    expect(pod.containers.map((c: { name: string }) => c.name).sort()).toEqual(services);
    for (const c of pod.containers) {
      const deployment = get(rendered, 'Deployment', c.name);
      expect(c.image).toBe(deployment.spec.template.spec.containers[0].image);
      const env = c.env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
      expect(env).toEqual(expect.arrayContaining([{ name: 'MANDATE_MIGRATE_ONLY', value: 'true' }, { name: 'DATABASE_URL', valueFrom: databaseUrlFrom(rendered) }]));
      expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  it('gives services their database from a Secret, never inline', () => {
    for (const d of deployments.filter((x) => x.id !== 'Deployment/gateway')) {
      const env = d.object.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
      const db = env.find((e) => e.name === 'DATABASE_URL');
      expect(db?.value).toBeUndefined();
      expect(db?.valueFrom).toEqual(databaseUrlFrom(rendered));
    }
  });
});

// With a CloudNativePG Cluster, DATABASE_URL is the uri of the Secret the operator creates for it
// (<cluster>-app); otherwise the url of mandate-database.
function databaseUrlFrom(rendered: Rendered) {
  const cluster = ofKind(rendered, 'Cluster')[0];
  return { secretKeyRef: cluster ? { name: `${cluster.metadata.name}-app`, key: 'uri' } : { name: 'mandate-database', key: 'url' } };
}

describe('docker-compose.yml', () => {
  const file = join(root, 'docker-compose.yml');

  // The secrets compose refuses to start without (an empty value for every other variable).
  const secrets = { MANDATE_KEY_ENCRYPTION_KEY: 'a2V5', POSTGRES_PASSWORD: 'not-the-default' };
  // An empty env file, so a developer's .env plays no part.
  const noEnvFile = join(mkdtempSync(join(tmpdir(), 'compose-')), 'empty.env');
  writeFileSync(noEnvFile, '');
  const config = (env: Record<string, string>) =>
    execFileSync('docker-compose', ['-f', file, '--env-file', noEnvFile, 'config', '-q'], { cwd: root, stdio: 'pipe', env: { PATH: process.env.PATH, ...env } });

  it('is a valid Compose file', () => {
    expect(() => config(secrets)).not.toThrow();
  });

  it.each(Object.keys(secrets))('refuses to start without %s, and says how to make one', (name) => {
    const { [name]: _left, ...rest } = secrets as Record<string, string>;
    expect(() => config(rest)).toThrow(new RegExp(`${name} is not set \\(npm run compose:env writes one into .env\\)`));
  });

  it('runs every app from the one image, built once, and starts the gateway after healthy services', () => {
    const compose = parse(readFileSync(file, 'utf8'), { merge: true });
    const built = Object.entries(compose.services as Record<string, { build?: unknown; image?: string }>).filter(([, s]) => s.build);
    expect(built.map(([name]) => name)).toEqual(['migrate']);
    for (const app of apps) {
      expect(compose.services[app]).toBeDefined();
      expect(compose.services[app].image).toBe(compose.services.migrate.image);
      expect(compose.services[app].environment.APP).toBe(app);
    }
    for (const app of apps.filter((a) => a !== 'gateway')) {
      expect(compose.services.gateway.depends_on[app]).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.nats.healthcheck).toBeDefined();
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK /m);
  });

  it('runs every service’s migrations once, before any service starts', () => {
    const compose = parse(readFileSync(file, 'utf8'), { merge: true });
    const migrate = compose.services.migrate;
    expect(migrate.environment.MANDATE_MIGRATE_ONLY).toBe('true');
    expect(migrate.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    expect(migrate.restart).toBe('no');
    const script = [migrate.command].flat().join(' ');
    for (const app of apps.filter((a) => a !== 'gateway')) {
      expect(script).toContain(app);
      expect(compose.services[app].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });
});
