import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

// The deploy artefacts are checked offline: kustomize renders (kubectl kustomize), the Kubernetes
// schemas validate (kubernetes-models), docker-compose parses (docker-compose config).
const root = join(__dirname, '..', '..', '..');
const apps = readdirSync(join(root, 'apps')).filter((a) => existsSync(join(root, 'apps', a, 'src', 'main.ts')) && a !== 'standalone');

interface Rendered {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests, schema-validated by validate-k8s.mjs
  objects: Array<{ id: string; kind: string; object: Record<string, any> }>;
  errors: string[];
}

function render(dir: string): Rendered {
  const yaml = execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' });
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'validate-k8s.mjs')], { input: yaml, encoding: 'utf8', cwd: root });
  return JSON.parse(out);
}

describe.each(['deploy/k8s/base', 'deploy/k8s/overlays/dev', 'deploy/k8s/overlays/prod'])('Kubernetes manifests: %s', (dir) => {
  const rendered = render(dir);
  const deployments = rendered.objects.filter((o) => o.kind === 'Deployment');

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
    for (const d of deployments) {
      const pod = d.object.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.livenessProbe.httpGet.path).toBe('/health/live');
        expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        expect(c.image).not.toMatch(/:latest$|^[^:]+$/);
      }
    }
  });

  it('migrates every service in a one-shot Job, with the images its Deployments run', () => {
    const job = rendered.objects.find((o) => o.id === 'Job/mandate-migrate');
    expect(job).toBeDefined();
    const pod = job!.object.spec.template.spec;
    expect(pod.restartPolicy).toMatch(/^(OnFailure|Never)$/);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const services = apps.filter((a) => a !== 'gateway').sort();
    expect(pod.containers.map((c: { name: string }) => c.name).sort()).toEqual(services);
    for (const c of pod.containers) {
      const deployment = deployments.find((d) => d.id === `Deployment/${c.name}`)!;
      expect(c.image).toBe(deployment.object.spec.template.spec.containers[0].image);
      const env = c.env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
      expect(env).toEqual(expect.arrayContaining([{ name: 'MANDATE_MIGRATE_ONLY', value: 'true' }, { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'mandate-database', key: 'url' } } }]));
      expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  it('gives services their database from a Secret, never inline', () => {
    for (const d of deployments.filter((x) => x.id !== 'Deployment/gateway')) {
      const env = d.object.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
      const db = env.find((e) => e.name === 'DATABASE_URL');
      expect(db?.value).toBeUndefined();
      expect(db?.valueFrom).toEqual({ secretKeyRef: { name: 'mandate-database', key: 'url' } });
    }
  });
});

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
