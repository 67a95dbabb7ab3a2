// Clears the per-project test counts before `npm test`, so the closing line counts this run only.
const { rmSync } = require('node:fs');
const { join } = require('node:path');

rmSync(join(__dirname, '..', '..', 'tmp', 'test-results'), { recursive: true, force: true });
