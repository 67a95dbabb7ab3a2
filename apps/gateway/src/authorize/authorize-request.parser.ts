import { InvalidRequestError } from '@mandate/oauth';

const MAX_PARAMS = 64;
const MAX_NAME = 128;
const MAX_VALUE = 8192;

export interface CollectedParams {
  /** Every parameter sent once. */
  params: Record<string, string>;
  /** RFC 6749 §3.1: names sent more than once (in the query, the body, or both). */
  repeated: string[];
  /** RFC 8707 §2: `resource` may repeat; every value as sent. */
  resources: string[];
}

const REPEATABLE = new Set(['resource']);

/**
 * The /authorize parameters of a GET query or a POST form (am-spec §3.1), merged. Syntax only:
 * authorize-service decides what they mean. Values that are not strings (a JSON body's objects)
 * are ignored.
 */
export function collectAuthorizeParams(...sources: unknown[]): CollectedParams {
  const values = new Map<string, string[]>();
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [name, raw] of Object.entries(source as Record<string, unknown>)) {
      const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      if (list.length) values.set(name, [...(values.get(name) ?? []), ...list]);
    }
  }
  if (values.size > MAX_PARAMS) throw new InvalidRequestError('Too many parameters');
  const params: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [name, list] of values) {
    if (name.length > MAX_NAME || list.some((v) => v.length > MAX_VALUE)) throw new InvalidRequestError('Parameter too long');
    if (REPEATABLE.has(name)) continue;
    if (list.length > 1) repeated.push(name);
    else params[name] = list[0];
  }
  return { params, repeated, resources: values.get('resource') ?? [] };
}

/** A browser says it takes HTML: its errors and consent become pages (am-spec §3.3). */
export function acceptsHtml(accept: string | undefined): boolean {
  return typeof accept === 'string' && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}
