import type { K8sObject } from './render';

// Kubernetes NetworkPolicy ingress semantics, evaluated offline (no library does this without a
// cluster): a pod selected by any Ingress policy of its namespace takes only what one of those
// policies' rules admits; a rule without `from` admits every source, one without `ports` every port.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/

export interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export function selects(selector: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabel && byExpression;
}

function peerMatches(peer: K8sObject, policyNamespace: string, source: Pod): boolean {
  if (peer.ipBlock) return false; // pods are addressed by labels here, not by IP
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, source.namespaceLabels) : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, source.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(ports: K8sObject[] | undefined, port: number): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if (typeof p.port === 'string') throw new Error(`named port ${p.port}: write ports as numbers`);
    return p.port === undefined || p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort);
  });
}

/** Does `source` reach `target` on TCP `port` under `policies`? */
export function admits(policies: K8sObject[], source: Pod, target: Pod, port: number): boolean {
  const selecting = policies.filter(
    (p) => p.metadata.namespace === target.namespace && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, target.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((p.spec.ingress ?? []) as K8sObject[]).some((rule) => (!rule.from || rule.from.some((peer: K8sObject) => peerMatches(peer, p.metadata.namespace, source))) && portMatches(rule.ports, port)),
  );
}
