// Sums tmp/test-results/*.json (written by tools/jest/summary-reporter.cjs) into one closing line.
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', '..', 'tmp', 'test-results');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  process.stdout.write(`  ${r.project.padEnd(24)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped\n`);
}
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(total.failed > 0 || files.length === 0 ? 1 : 0);
