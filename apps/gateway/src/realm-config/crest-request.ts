import { CrestError } from '@mandate/oauth';

/** CREST's create-only precondition: `If-None-Match: *` (am-spec §13.1). */
export function createOnly(ifNoneMatch: string | undefined): boolean {
  return ifNoneMatch?.trim() === '*';
}

/** A JSON object body, else CREST 400 (an array, a string or no body). */
export function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw CrestError.badRequest('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

export type AgentTypeParam = 'OAuth2Client' | 'AIAgent';

/** `OAuth2Client` or `AIAgent`; any other agent type is an unknown path (404). */
export function agentType(type: string): AgentTypeParam {
  if (type === 'OAuth2Client' || type === 'AIAgent') return type;
  throw CrestError.notFound('Not Found');
}
