import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from '@mandate/platform';
import { z } from 'zod';

/**
 * Where the built admin console is (`nx build console` → dist/apps/console). By default beside
 * the running bundle's folder: dist/apps/gateway/main.js and dist/apps/standalone/main.js both
 * find dist/apps/console. A missing folder is no error: /am/console then answers 404.
 */
export const consoleConfig = defineConfig(
  'console',
  z.object({
    MANDATE_CONSOLE_DIR: z
      .string()
      .min(1)
      .default(() => join(dirname(safeRealpath(process.argv[1] ?? '.')), '..', 'console'))
      .transform((dir) => resolve(dir)),
  }),
);
export type ConsoleConfig = z.infer<typeof consoleConfig.schema>;

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
