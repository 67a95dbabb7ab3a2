// CloudNativePG publishes no model package and its CRD schema is not available offline, so a
// postgresql.cnpg.io/v1 Cluster is checked by hand: the spec's keys must be ClusterSpec fields (a
// misspelt key would otherwise be dropped silently by the API server's pruning), and the fields
// Mandate relies on must be there with the right types: instances, storage.size, and the initdb
// bootstrap whose owner and database name the <cluster>-app Secret (key uri) the services read.
// Field names: https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ClusterSpec
const clusterSpecFields = new Set([
  'affinity', 'backup', 'bootstrap', 'certificates', 'description', 'enablePDB', 'enableSuperuserAccess',
  'env', 'envFrom', 'ephemeralVolumeSource', 'ephemeralVolumesSizeLimit', 'externalClusters',
  'failoverDelay', 'imageCatalogRef', 'imageName', 'imagePullPolicy', 'imagePullSecrets',
  'inheritedMetadata', 'instances', 'livenessProbeTimeout', 'logLevel', 'managed', 'maxSyncReplicas',
  'minSyncReplicas', 'monitoring', 'nodeMaintenanceWindow', 'plugins', 'postgresGID', 'postgresUID',
  'postgresql', 'primaryUpdateMethod', 'primaryUpdateStrategy', 'priorityClassName', 'probes',
  'projectedVolumeTemplate', 'replica', 'replicationSlots', 'resources', 'schedulerName',
  'seccompProfile', 'serviceAccountTemplate', 'smartShutdownTimeout', 'startDelay', 'stopDelay',
  'storage', 'superuserSecret', 'switchoverDelay', 'tablespaces', 'topologySpreadConstraints', 'walStorage',
]);
const dns1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const quantity = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export function checkCnpgCluster(obj) {
  const errors = [];
  const spec = obj.spec ?? {};
  if (!dns1035.test(obj.metadata?.name ?? '')) errors.push('metadata.name must be a DNS-1035 label');
  for (const key of Object.keys(spec)) if (!clusterSpecFields.has(key)) errors.push(`spec.${key} is not a ClusterSpec field`);
  if (!Number.isInteger(spec.instances) || spec.instances < 1) errors.push('spec.instances must be an integer ≥ 1');
  if (!quantity.test(String(spec.storage?.size ?? ''))) errors.push('spec.storage.size must be a quantity');
  const initdb = spec.bootstrap?.initdb;
  if (typeof initdb?.database !== 'string' || typeof initdb?.owner !== 'string') {
    errors.push('spec.bootstrap.initdb.database and .owner must be strings');
  }
  if (spec.imageName !== undefined && !/^[^:\s]+:[^\s]+$/.test(spec.imageName)) errors.push('spec.imageName must carry a tag');
  return errors;
}
