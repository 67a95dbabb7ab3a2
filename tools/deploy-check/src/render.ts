import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..', '..');
/** Every app that runs as its own process (the standalone launcher is not deployed). */
export const apps = readdirSync(join(root, 'apps')).filter((a) => existsSync(join(root, 'apps', a, 'src', 'main.ts')) && a !== 'standalone');
export const overlays = readdirSync(join(root, 'deploy/k8s/overlays')).map((o) => `deploy/k8s/overlays/${o}`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests, schema-validated by validate-k8s.mjs
export type K8sObject = Record<string, any>;
export interface Rendered {
  objects: Array<{ id: string; kind: string; object: K8sObject }>;
  errors: string[];
  /** What kubectl kustomize wrote to stderr. */
  warnings: string;
}

// kubectl kustomize prints deprecations (`bases`, `patchesStrategicMerge`, `commonLabels`...) as
// "# Warning: ..." on stderr and still exits 0, so its stderr is kept for the tests to check.
export function render(dir: string): Rendered {
  const run = spawnSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr}`);
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'validate-k8s.mjs')], { input: run.stdout, encoding: 'utf8', cwd: root });
  return { ...JSON.parse(out), warnings: run.stderr };
}

/** The object of that kind and name, or a failure naming it. */
export function get(rendered: Rendered, kind: string, name: string): K8sObject {
  const found = rendered.objects.find((o) => o.id === `${kind}/${name}`);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found.object;
}

export function ofKind(rendered: Rendered, kind: string): K8sObject[] {
  return rendered.objects.filter((o) => o.kind === kind).map((o) => o.object);
}

/** Every pod template: Deployments, StatefulSets and Jobs. */
export function podTemplates(rendered: Rendered): Array<{ id: string; template: K8sObject }> {
  return rendered.objects
    .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
    .map((o) => ({ id: o.id, template: o.object.spec.template }));
}
