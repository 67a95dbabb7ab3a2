import { InvalidTargetError } from '../errors/oauth-error';

/**
 * RFC 8707 §2: each `resource` is an absolute URI without a fragment; the parameter may repeat.
 * Duplicates collapse, order of first appearance kept. Answers [] when none was sent.
 */
export function parseResources(values: readonly string[] | undefined): string[] {
  const resources: string[] = [];
  for (const value of values ?? []) {
    if (!isResourceIndicator(value)) throw new InvalidTargetError(`Invalid resource: ${value === '' ? 'empty value' : 'an absolute URI without a fragment is required'}`);
    if (!resources.includes(value)) resources.push(value);
  }
  return resources;
}

function isResourceIndicator(value: string): boolean {
  // URL.canParse without a base accepts only absolute URIs (a scheme is required).
  if (!URL.canParse(value) || value.includes('#')) return false;
  return !/\s/.test(value);
}

/**
 * RFC 8707 §2: the resources a client names must be on its allow-list (exact match), else
 * `invalid_target`. An empty allow-list admits none.
 */
export function allowedResources(requested: readonly string[], allowList: readonly string[], clientId: string): string[] {
  const allowed = new Set(allowList);
  const refused = requested.filter((r) => !allowed.has(r));
  if (refused.length) throw new InvalidTargetError(`Resource not allowed for this client: ${refused.join(' ')}`, `${clientId} may not name ${refused.join(' ')}`);
  return [...requested];
}

/** A refresh (or any later request on a grant) may narrow the grant's resources, never widen them (RFC 8707 §2.2). */
export function narrowResources(requested: readonly string[], granted: readonly string[]): string[] {
  if (requested.length === 0) return [...granted];
  const have = new Set(granted);
  const extra = requested.filter((r) => !have.has(r));
  if (extra.length) throw new InvalidTargetError(`Resource not granted: ${extra.join(' ')}`);
  return [...requested];
}
