import { z } from 'zod';
import { defineConfig } from '@mandate/platform';

/**
 * The embedded default (`npm start`).
 * - MANDATE_DATA_DIR: where the embedded Postgres keeps its data (default `./data`).
 * - DATABASE_URL: use this Postgres instead of the embedded one.
 * - EMBEDDED_PG_PORT: loopback port of the embedded Postgres (default: a free one).
 */
export const standaloneConfig = defineConfig(
  'standalone',
  z.object({
    MANDATE_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// URL').optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  }),
);
