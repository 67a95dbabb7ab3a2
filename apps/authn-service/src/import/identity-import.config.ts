import { defineConfig, emptyAsUnset } from '@mandate/platform';
import { z } from 'zod';

/**
 * authn-service's share of the declarative import (issue 4 point 7).
 * - MANDATE_IMPORT: the JSON import file (format: registration-service's import-file.schema.ts);
 *   authn-service applies its `users` and `groups` once per database (the ledger
 *   `authn.applied_imports`, by the file's content), again when the file changes. Unset: nothing is imported.
 * - MANDATE_IMPORT_FORCE: `true` applies the file even if it was applied before (default `false`).
 * - MANDATE_IMPORT_REALM_WAIT_SECONDS: how long to wait for the file's realms to exist
 *   (registration-service creates them, possibly while this service starts) before the start
 *   fails (30).
 */
export const identityImportConfig = defineConfig(
  'authn-import',
  z.object({
    MANDATE_IMPORT: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
    MANDATE_IMPORT_FORCE: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('false')).transform((v) => v === 'true'),
    MANDATE_IMPORT_REALM_WAIT_SECONDS: z.coerce.number().positive().max(600).default(30),
  }),
);
export type IdentityImportConfig = z.infer<typeof identityImportConfig.schema>;
