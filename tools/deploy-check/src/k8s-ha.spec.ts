import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNatsSecrets } from '@mandate/testing';
import { admits, Pod } from './network-policy';
import { apps, get, K8sObject, ofKind, render } from './render';

// The high-availability overlays: overlays/ha, the same with cert-manager, and prod (HA with more
// replicas of the hot paths).
describe.each(['deploy/k8s/overlays/ha', 'deploy/k8s/overlays/ha-cert-manager', 'deploy/k8s/overlays/prod'])('high availability: %s', (dir) => {
  const rendered = render(dir);
  const nats = get(rendered, 'StatefulSet', 'mandate-nats');
  const natsArgs = nats.spec.template.spec.containers[0].args as string[];
  const flag = (name: string) => natsArgs[natsArgs.indexOf(name) + 1];

  it('runs three NATS servers, each routed to every other through the headless Service, with JetStream on its own volume', () => {
    expect(nats.spec.replicas).toBe(3);
    const headless = get(rendered, 'Service', nats.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.ports).toContainEqual(expect.objectContaining({ name: 'cluster', port: 6222 }));
    expect(flag('--cluster')).toBe('nats://0.0.0.0:6222');
    const routes = flag('--routes').split(',');
    expect(routes).toEqual([0, 1, 2].map((i) => `nats://${nats.metadata.name}-${i}.${nats.spec.serviceName}:6222`));
    expect(natsArgs).toContain('--jetstream');
    const claim = nats.spec.volumeClaimTemplates[0];
    const mount = (nats.spec.template.spec.containers[0].volumeMounts as K8sObject[]).find((m) => m.name === claim.metadata.name);
    expect(flag('--store_dir').startsWith(`${mount?.mountPath}/`)).toBe(true);
    expect(claim.spec.resources.requests.storage).toMatch(/^\d+Gi$/);
  });

  it('starts nats-server with flags it accepts', async () => {
    // The Secret's nats-server.conf as `npm run nats:secrets` writes it, so that a flag the file
    // also sets (e.g. JetStream's store_dir) fails here: -t parses both, then exits.
    const dirPath = mkdtempSync(join(tmpdir(), 'mandate-nats-'));
    const secrets = await generateNatsSecrets();
    try {
      writeFileSync(join(dirPath, 'nats-server.conf'), readFileSync(secrets.configFile, 'utf8'));
      const args = natsArgs.map((a) => a.replace('$(POD_NAME)', 'mandate-nats-0').replace(/^\/(etc\/nats\/secret|var\/run\/nats|data)/, dirPath));
      const run = spawnSync('nats-server', ['-t', ...args], { encoding: 'utf8', cwd: dirPath });
      expect(`${run.stdout}${run.stderr}`).toMatch(/configuration file .* is valid/);
    } finally {
      rmSync(dirPath, { recursive: true, force: true });
      rmSync(secrets.dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes Postgres from a three-instance CloudNativePG Cluster and DATABASE_URL from the Secret it creates', () => {
    const [cluster, ...others] = ofKind(rendered, 'Cluster');
    expect(others).toEqual([]);
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.bootstrap.initdb).toEqual({ database: 'mandate', owner: 'mandate' });
    const refs = ['Deployment', 'Job']
      .flatMap((kind) => ofKind(rendered, kind))
      .flatMap((o) => o.spec.template.spec.containers as K8sObject[])
      .flatMap((c) => ((c.env ?? []) as K8sObject[]).filter((e) => e.name === 'DATABASE_URL').map((e) => `${c.name}: ${e.valueFrom.secretKeyRef.name} ${e.valueFrom.secretKeyRef.key}`));
    const services = apps.filter((a) => a !== 'gateway').sort();
    const expected = `${cluster.metadata.name}-app uri`;
    expect(refs.sort()).toEqual([...services, ...services].map((s) => `${s}: ${expected}`).sort());
    expect(rendered.objects.map((o) => o.id)).not.toContain('StatefulSet/mandate-postgres');
  });

  it('keeps two or more replicas of every app, spread over nodes, and a PodDisruptionBudget for every app and NATS', () => {
    const pdbs = ofKind(rendered, 'PodDisruptionBudget');
    for (const app of apps) {
      const deployment = get(rendered, 'Deployment', app);
      expect([app, deployment.spec.replicas >= 2, get(rendered, 'HorizontalPodAutoscaler', app).spec.minReplicas >= 2]).toEqual([app, true, true]);
      const spread = deployment.spec.template.spec.topologySpreadConstraints as K8sObject[];
      expect(spread).toContainEqual(expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, matchLabelKeys: expect.arrayContaining(['app.kubernetes.io/name']) }));
    }
    for (const workload of [...apps.map((a) => get(rendered, 'Deployment', a)), nats]) {
      const labels = workload.spec.template.metadata.labels;
      const pdb = pdbs.find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect([workload.metadata.name, pdb !== undefined]).toEqual([workload.metadata.name, true]);
      // The budget lets one pod go and keeps one.
      const kept = pdb?.spec.minAvailable ?? workload.spec.replicas - pdb?.spec.maxUnavailable;
      expect([workload.metadata.name, kept >= 1 && kept < workload.spec.replicas]).toEqual([workload.metadata.name, true]);
    }
    expect(nats.spec.template.spec.topologySpreadConstraints).toContainEqual(expect.objectContaining({ topologyKey: 'kubernetes.io/hostname' }));
  });

  describe('network policies', () => {
    const policies = ofKind(rendered, 'NetworkPolicy');
    const namespace = get(rendered, 'Deployment', 'gateway').metadata.namespace as string;
    const cluster = ofKind(rendered, 'Cluster')[0];
    const inNamespace = (name: string, labels: Record<string, string>): Pod => ({ name, namespace, labels, namespaceLabels: { 'kubernetes.io/metadata.name': namespace } });
    const elsewhere = (name: string, ns: string, extra: Record<string, string> = {}): Pod => ({ name, namespace: ns, labels: { app: name }, namespaceLabels: { 'kubernetes.io/metadata.name': ns, ...extra } });
    const workloadPod = (kind: string, name: string) => inNamespace(name, get(rendered, kind, name).spec.template.metadata.labels);
    // CloudNativePG labels its instance pods with the Cluster's name.
    const postgres = inNamespace('postgres', { 'cnpg.io/cluster': cluster.metadata.name, 'cnpg.io/podRole': 'instance' });
    const appPods = apps.map((a) => workloadPod('Deployment', a));
    const natsPod = workloadPod('StatefulSet', 'mandate-nats');
    const sources = [
      ...appPods,
      workloadPod('Job', 'mandate-migrate'),
      natsPod,
      postgres,
      elsewhere('outside', 'default'),
      elsewhere('prometheus', 'monitoring', { 'mandate/monitoring': 'true' }),
      elsewhere('cnpg-operator', 'cnpg-system'),
    ];
    const targets: Array<[Pod, number[]]> = [
      ...appPods.map((p): [Pod, number[]] => [p, p.name === 'gateway' ? [8080] : [3000]]),
      [natsPod, [4222, 6222, 8222]],
      [postgres, [5432, 8000, 9187]],
    ];

    it('admits exactly: anyone to the gateway, the apps to NATS, NATS to its routes, the services to Postgres, monitoring to health and metrics ports', () => {
      const admitted = sources.flatMap((s) => targets.flatMap(([t, ports]) => ports.filter((port) => admits(policies, s, t, port)).map((port) => `${s.name} -> ${t.name}:${port}`)));
      const services = apps.filter((a) => a !== 'gateway');
      const expected = [
        ...sources.map((s) => `${s.name} -> gateway:8080`),
        ...apps.map((a) => `${a} -> mandate-nats:4222`),
        'mandate-nats -> mandate-nats:6222',
        ...[...services, 'mandate-migrate', 'postgres', 'cnpg-operator'].map((s) => `${s} -> postgres:5432`),
        'postgres -> postgres:8000',
        'cnpg-operator -> postgres:8000',
        ...services.map((s) => `prometheus -> ${s}:3000`),
        'prometheus -> mandate-nats:8222',
        'prometheus -> postgres:9187',
      ];
      expect(admitted.sort()).toEqual(expected.sort());
    });

    it('isolates every pod of the namespace', () => {
      const isolatedBy = (pod: Pod) => policies.filter((p) => p.spec.policyTypes.includes('Ingress') && admits([p], elsewhere('x', 'y'), pod, 1) === false);
      for (const pod of [...appPods, natsPod, postgres, workloadPod('Job', 'mandate-migrate')]) expect([pod.name, isolatedBy(pod).length > 0]).toEqual([pod.name, true]);
    });
  });
});

describe('cert-manager for the NATS certificate (components/nats-cert-manager)', () => {
  const rendered = render('deploy/k8s/overlays/ha-cert-manager');
  const certificates = ofKind(rendered, 'Certificate');
  const server = certificates.find((c) => !c.spec.isCA)!;
  const ca = certificates.find((c) => c.spec.isCA)!;

  it('issues the server certificate for the names the apps and the routes dial, from a CA of its own', () => {
    const host = new URL(get(rendered, 'ConfigMap', 'mandate-config').data.NATS_URL).hostname;
    expect(server.spec.dnsNames).toEqual(expect.arrayContaining([host, `*.${get(rendered, 'StatefulSet', 'mandate-nats').spec.serviceName}`]));
    const issuer = get(rendered, 'Issuer', server.spec.issuerRef.name);
    expect(issuer.spec.ca.secretName).toBe(ca.spec.secretName);
  });

  it('gives nats-server the issued certificate and every app the CA that signed it', () => {
    const volumes = get(rendered, 'StatefulSet', 'mandate-nats').spec.template.spec.volumes as K8sObject[];
    const files = (volumes.find((v) => v.name === 'server-config')!.projected.sources as K8sObject[]).flatMap((s) => (s.secret.items as K8sObject[]).map((i) => `${s.secret.name}/${i.key} as ${i.path}`));
    expect(files.sort()).toEqual(['mandate-nats-server/nats-server.conf as nats-server.conf', `${server.spec.secretName}/tls.crt as server-cert.pem`, `${server.spec.secretName}/tls.key as server-key.pem`].sort());
    for (const app of apps) {
      const sources = get(rendered, 'Deployment', app).spec.template.spec.volumes[0].projected.sources as K8sObject[];
      expect(sources).toContainEqual({ secret: { name: ca.spec.secretName, items: [{ key: 'ca.crt', path: 'ca.pem' }] } });
      expect(sources.map((s) => s.secret.name)).not.toContain('mandate-nats-ca');
    }
  });
});
