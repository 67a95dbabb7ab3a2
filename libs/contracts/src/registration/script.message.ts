import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** A script as the sandbox needs it: `source` is the decoded UTF-8 text. */
export const scriptViewSchema = z.object({
  _id: z.string(),
  name: z.string(),
  context: z.string(),
  language: z.enum(['JAVASCRIPT', 'GROOVY']),
  evaluatorVersion: z.enum(['1.0', '2.0']),
  source: z.string(),
});
export type ScriptView = z.infer<typeof scriptViewSchema>;

/** `registration.script.get`: by `_id` or by name (contract §2); null when the realm has none such. */
export const scriptGetRequestSchema = z.object({ realm: realmPathSchema, ref: z.string().min(1).max(1024) });
export type ScriptGetRequest = z.infer<typeof scriptGetRequestSchema>;
export const scriptGetReplySchema = scriptViewSchema.nullable();
