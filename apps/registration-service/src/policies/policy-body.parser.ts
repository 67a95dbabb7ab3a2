import { z } from 'zod';
import { unwrapInherited } from '../realm-config/am-values';
import { invalidAttributes, problemsOf } from '../realm-config/invalid-attribute';

const names = (what: string) =>
  z.array(z.string({ error: `must be a list of ${what}` }).min(1, `must not contain an empty ${what.replace(/s$/, '')}`), { error: `must be a list of ${what}` }).default([]);

/** contract §2: `{"subjects": [...], "subjectGroups": [...], "permissions": [...]}`. */
const policyBodySchema = z.object({
  subjects: names('usernames or user ids'),
  subjectGroups: names('group names'),
  permissions: names('scopes'),
});

export type PolicyBody = z.infer<typeof policyBodySchema>;

export function parsePolicyBody(body: Record<string, unknown>): PolicyBody {
  const plain = Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('_')).map(([k, v]) => [k, unwrapInherited(v)]));
  const parsed = policyBodySchema.safeParse(plain);
  if (!parsed.success) throw invalidAttributes(problemsOf(parsed.error));
  const unique = (list: string[]) => [...new Set(list)];
  return { subjects: unique(parsed.data.subjects), subjectGroups: unique(parsed.data.subjectGroups), permissions: unique(parsed.data.permissions) };
}
