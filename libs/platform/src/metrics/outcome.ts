import { toErrorEnvelope } from '@mandate/oauth';

/**
 * A bounded outcome label for a failed call: the OAuth error code (`invalid_grant`) or the
 * CREST reason in snake case (`not_found`); anything unexpected is `server_error`.
 */
export function errorOutcome(error: unknown): string {
  return toErrorEnvelope(error)
    .code.toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}
