import { type FormParams, formParamsSchema } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import type { FastifyRequest } from 'fastify';

/**
 * OAuth endpoints take `application/x-www-form-urlencoded` only (RFC 6749 §3.2); AM answers
 * anything else with `Invalid Content Type` (am-spec §1.1).
 */
export function formBody(request: FastifyRequest): FormParams {
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new InvalidRequestError('Invalid Content Type');
  const parsed = formParamsSchema.safeParse(request.body ?? {});
  if (!parsed.success) throw new InvalidRequestError('The request is malformed');
  return parsed.data;
}
