import { readIdempotencyKey } from '@mandate/oauth';

/**
 * The request's `Idempotency-Key` (issue 25 item 1) as a message member to spread into the
 * request, none when absent; a malformed one is refused with `refuse(problem)`, in the route's
 * error format (OAuth for registration, CREST for admin creates).
 */
export function idempotencyKeyMember(header: string | string[] | undefined, refuse: (problem: string) => Error): { idempotencyKey?: string } {
  const { key, problem } = readIdempotencyKey(header);
  if (problem !== undefined) throw refuse(problem);
  return key === undefined ? {} : { idempotencyKey: key };
}
