import { z } from 'zod';
import { invalidAttributes, problemsOf } from '../realm-config/invalid-attribute';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `{name, script (base64), language, context, evaluatorVersion, description}` (contract §2, am-spec §12.3). */
const scriptBodySchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(1024, 'is too long'),
  script: z
    .string({ error: 'is required (base64 of the UTF-8 source)' })
    .transform((s) => s.replace(/\s+/g, ''))
    .refine((s) => s.length % 4 === 0 && BASE64.test(s), 'must be base64'),
  // Only JavaScript runs in Mandate's sandbox.
  language: z.literal('JAVASCRIPT', { error: 'must be JAVASCRIPT' }).default('JAVASCRIPT'),
  context: z.string({ error: 'is required' }).regex(/^[A-Z][A-Z0-9_]*$/, 'must be a script context such as OAUTH2_MAY_ACT'),
  evaluatorVersion: z.union([z.string(), z.number()]).optional(),
  description: z.string().max(4096, 'is too long').default(''),
});

export interface ScriptBody {
  name: string;
  source: string;
  language: 'JAVASCRIPT';
  context: string;
  evaluatorVersion: '1.0' | '2.0';
  description: string;
}

/**
 * am-spec §12.3: the context decides the evaluator. Contexts ending `_NEXT_GEN`, `LIBRARY` and
 * `OAUTH2_DYNAMIC_CLIENT_REGISTRATION` are next-generation (2.0); every other context is legacy
 * (1.0), whatever was posted.
 */
export function evaluatorVersionFor(context: string): '1.0' | '2.0' {
  return context.endsWith('_NEXT_GEN') || context === 'LIBRARY' || context === 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION' ? '2.0' : '1.0';
}

export function parseScriptBody(body: Record<string, unknown>): ScriptBody {
  const parsed = scriptBodySchema.safeParse(body);
  if (!parsed.success) throw invalidAttributes(problemsOf(parsed.error));
  const { name, script, language, context, description } = parsed.data;
  return { name, source: Buffer.from(script, 'base64').toString('utf8'), language, context, evaluatorVersion: evaluatorVersionFor(context), description };
}
