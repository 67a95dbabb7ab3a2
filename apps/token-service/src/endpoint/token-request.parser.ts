import type { FormParams } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import type { GrantHandler } from '../grants/grant-handler';

export interface ParsedTokenRequest {
  params: Record<string, string | undefined>;
  lists: Record<string, string[]>;
}

/**
 * Syntax only (STYLE habit 2): every required parameter present and non-empty (AM names all the
 * missing ones, am-spec §1.1), and no parameter repeated unless the grant allows it (RFC 6749 §3.2).
 */
export function parseTokenRequest(form: FormParams, handler: GrantHandler): ParsedTokenRequest {
  const params: Record<string, string | undefined> = {};
  const lists: Record<string, string[]> = {};
  const repeatable = new Set(handler.repeatable ?? []);
  for (const [name, value] of Object.entries(form)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length > 1 && !repeatable.has(name)) throw new InvalidRequestError(`Duplicate parameter: ${name}`);
    lists[name] = values;
    params[name] = values[0];
  }
  const missing = ['grant_type', ...handler.required].filter((name) => !params[name]);
  if (missing.length) throw new InvalidRequestError(`Missing parameters: ${missing.join(' ')}`);
  return { params, lists };
}
