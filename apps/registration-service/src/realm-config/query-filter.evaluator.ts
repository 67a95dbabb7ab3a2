import type { QueryFilter } from '@mandate/contracts';
import { isRecord } from './am-values';

/** Evaluates a parsed CREST `_queryFilter` against a resource as written on the wire. */
export function matchesFilter(resource: Record<string, unknown>, filter: QueryFilter): boolean {
  switch (filter.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return filter.filters.every((f) => matchesFilter(resource, f));
    case 'or':
      return filter.filters.some((f) => matchesFilter(resource, f));
    case 'not':
      return !matchesFilter(resource, filter.filter);
    case 'pr':
      return valuesAt(resource, filter.field).some((v) => v !== undefined && v !== null);
    default: {
      const { op, value } = filter;
      return valuesAt(resource, filter.field).some((actual) => compare(op, actual, value));
    }
  }
}

/** The value at a JSON pointer; arrays match when any element matches (CREST semantics). */
function valuesAt(resource: unknown, field: string[]): unknown[] {
  let current: unknown[] = [resource];
  for (const segment of field) {
    current = current.flatMap((v) => (isRecord(v) ? [v[segment]] : []));
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function compare(op: Extract<QueryFilter, { value: unknown }>['op'], actual: unknown, expected: string | number | boolean): boolean {
  if (op === 'eq') return actual === expected;
  if (op === 'gt' || op === 'ge' || op === 'lt' || op === 'le') {
    if (typeof actual !== typeof expected || (typeof actual !== 'string' && typeof actual !== 'number')) return false;
    const [a, b] = [actual as string | number, expected as string | number];
    return op === 'gt' ? a > b : op === 'ge' ? a >= b : op === 'lt' ? a < b : a <= b;
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  return op === 'co' ? actual.includes(expected) : actual.startsWith(expected);
}
