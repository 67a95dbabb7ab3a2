import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// validate-k8s.mjs on its own: what it reports for objects that are wrong.
function validate(yaml: string): string[] {
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'validate-k8s.mjs')], { input: yaml, encoding: 'utf8' });
  return JSON.parse(out).errors;
}

describe('validate-k8s.mjs', () => {
  it('accepts a CloudNativePG Cluster with the fields Mandate relies on', () => {
    expect(validate('apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: { name: db }\nspec: { instances: 3, storage: { size: 10Gi }, bootstrap: { initdb: { database: mandate, owner: mandate } } }\n')).toEqual([]);
  });

  it('reports a CloudNativePG Cluster with a misspelt key, no instances, no storage size and no initdb owner', () => {
    expect(validate('apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: { name: db }\nspec: { instance: 3, storage: {}, bootstrap: { initdb: { database: mandate } } }\n')).toEqual([
      'Cluster/db: spec.instance is not a ClusterSpec field',
      'Cluster/db: spec.instances must be an integer ≥ 1',
      'Cluster/db: spec.storage.size must be a quantity',
      'Cluster/db: spec.bootstrap.initdb.database and .owner must be strings',
    ]);
  });

  it('validates cert-manager objects against their schema', () => {
    const errors = validate('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: c }\nspec: { secretName: s, issuerRef: { name: i }, privateKey: { algorithm: DSA } }\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Certificate\/c: .*privateKey\/algorithm must be equal to one of the allowed values/);
  });

  it('reports a kind it has no schema for', () => {
    expect(validate('apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n')).toEqual(['Widget/w: no schema for apiVersion example.com/v1']);
  });
});
