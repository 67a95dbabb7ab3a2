// Validates Kubernetes manifests (multi-document YAML on stdin) against the Kubernetes JSON
// schemas shipped in kubernetes-models and @kubernetes-models/cert-manager (offline). Prints one
// JSON line: {objects, errors}.
import { parseAllDocuments } from 'yaml';
import { checkCnpgCluster } from './cnpg-cluster.mjs';

const groups = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'cert-manager.io/v1': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1'),
};

// Custom resources with no model package: checked by hand (see each checker).
const handChecked = { 'postgresql.cnpg.io/v1': { Cluster: checkCnpgCluster } };

let input = '';
for await (const chunk of process.stdin) input += chunk;
const objects = [];
const errors = [];
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length) errors.push(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  const obj = doc.toJS();
  if (!obj) continue;
  const id = `${obj.kind}/${obj.metadata?.name}`;
  objects.push({ id, apiVersion: obj.apiVersion, kind: obj.kind, object: obj });
  const check = handChecked[obj.apiVersion]?.[obj.kind];
  if (check) {
    errors.push(...check(obj).map((e) => `${id}: ${e}`));
    continue;
  }
  const load = groups[obj.apiVersion];
  if (!load) {
    errors.push(`${id}: no schema for apiVersion ${obj.apiVersion}`);
    continue;
  }
  const Model = (await load())[obj.kind];
  if (!Model) {
    errors.push(`${id}: no schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (error) {
    errors.push(`${id}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify({ objects, errors }));
