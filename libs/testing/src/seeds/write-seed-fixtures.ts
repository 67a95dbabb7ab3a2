// Writes libs/testing/src/seeds/seed-flows.json: the five seed pages' curl commands and the
// responses they print, read by the same parser the tests use, so the test suite carries the
// flows as data and passes on a clone with no ../shared beside it.
// Run after a seed page changes: npm run seeds:fixtures [-- <seeds dir>]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../stack/workspace';
import { readSeed } from './seed-document';
import { SEED_FILES, seedPagesDir } from './seed-fixtures';

const dir = process.argv[2] ?? seedPagesDir();
if (!dir) {
  process.stderr.write('no seed pages found: pass their folder, or set MANDATE_SEEDS_DIR\n');
  process.exit(1);
}
const fixtures = Object.fromEntries(SEED_FILES.map((file) => [file, readSeed(join(dir, file))]));
const out = join(workspaceRoot(), 'libs/testing/src/seeds/seed-flows.json');
writeFileSync(out, `${JSON.stringify(fixtures, null, 2)}\n`);
process.stdout.write(`wrote ${out} from ${dir}: ${SEED_FILES.map((f) => `${f} (${fixtures[f].length} commands)`).join(', ')}` + '\n');
