import { defineConfig, emptyAsUnset } from '@mandate/platform';
import { z } from 'zod';

/**
 * - MANDATE_IMPORT: a JSON file of realms and their configuration, applied once per database:
 *   a start with a file whose content was applied before skips it (the ledger
 *   `registration.applied_imports`), a changed file is applied (idempotent). See
 *   import-file.schema.ts for the format. Unset: nothing is imported.
 * - MANDATE_IMPORT_FORCE: `true` applies the file even if it was applied before (default `false`).
 */
export const importConfig = defineConfig(
  'import',
  z.object({
    MANDATE_IMPORT: z.string().min(1).optional(),
    MANDATE_IMPORT_FORCE: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('false')).transform((v) => v === 'true'),
  }),
);
export type ImportConfig = z.infer<typeof importConfig.schema>;
