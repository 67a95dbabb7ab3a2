import { CrestError } from '@mandate/oauth';
import type { z } from 'zod';

/**
 * CREST 400 that names the offending field (`coreOAuth2Config.accessTokenLifetime`), so an
 * administrator can fix the request without guessing. One message lists every problem.
 */
export function invalidAttributes(problems: string[]): CrestError {
  return CrestError.badRequest(`Invalid attribute specified: ${problems.join('; ')}`);
}

export function problemsOf(error: z.ZodError, prefix: string[] = []): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.') || '(body)';
    return `${path} ${issue.message}`;
  });
}
