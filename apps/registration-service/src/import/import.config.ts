import { defineConfig } from '@mandate/platform';
import { z } from 'zod';

/**
 * - MANDATE_IMPORT: a JSON file of realms and their configuration, applied at every start
 *   (idempotent). See import-file.schema.ts for the format. Unset: nothing is imported.
 */
export const importConfig = defineConfig(
  'import',
  z.object({
    MANDATE_IMPORT: z.string().min(1).optional(),
  }),
);
export type ImportConfig = z.infer<typeof importConfig.schema>;
