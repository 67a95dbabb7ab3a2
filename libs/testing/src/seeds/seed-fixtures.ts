import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../stack/workspace';
import { type SeedCommand, readSeed } from './seed-document';

/** The five seed pages, in the order the contract numbers them. */
export const SEED_FILES = ['000_6d070ab4d2ce618c.txt', '001_9c1f669589f42744.txt', '002_bc3c441662325754.txt', '003_189c1fa150a53e5f.txt', '004_eea0c76cce74e907.txt'] as const;
export type SeedFile = (typeof SEED_FILES)[number];

/**
 * Where the seed pages themselves are: `MANDATE_SEEDS_DIR`, else `../shared/seeds` beside the
 * checkout (CI lays shared/ there), else undefined (a user's clone has no ../shared).
 */
export function seedPagesDir(): string | undefined {
  const dir = process.env.MANDATE_SEEDS_DIR ?? join(workspaceRoot(), '..', 'shared', 'seeds');
  return SEED_FILES.every((f) => existsSync(join(dir, f))) ? dir : undefined;
}

let fixtures: Record<SeedFile, SeedCommand[]> | undefined;

/** The project's own copy of a page's flow: its curl commands and printed responses, as data. */
export function seedFixture(file: SeedFile): SeedCommand[] {
  fixtures ??= JSON.parse(readFileSync(join(__dirname, 'seed-flows.json'), 'utf8')) as Record<SeedFile, SeedCommand[]>;
  return structuredClone(fixtures[file]);
}

/** A page's flow: read from the page when the pages are present, else the project's fixture. */
export function seedCommands(file: SeedFile): { source: 'page' | 'fixture'; commands: SeedCommand[] } {
  const dir = seedPagesDir();
  return dir ? { source: 'page', commands: readSeed(join(dir, file)) } : { source: 'fixture', commands: seedFixture(file) };
}
