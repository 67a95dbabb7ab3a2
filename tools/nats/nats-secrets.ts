/**
 * `npm run nats:secrets -- --out <dir> [--host <name>]... [--server-dir <path>] [--force]`:
 * the NATS bus's secrets for docker-compose, Kubernetes or a single host (see README,
 * Security → the bus). Prints the files it wrote, never their contents.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { writeNatsSecrets } from './src/nats-secrets';

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      host: { type: 'string', multiple: true, default: [] },
      'server-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.out) throw new Error('usage: npm run nats:secrets -- --out <dir> [--host <name>]... [--server-dir <path>] [--force]');
  const hosts = values.host.flatMap((h) => h.split(',')).map((h) => h.trim()).filter(Boolean);
  const result = writeNatsSecrets({ out: resolve(values.out), hosts, force: values.force, serverDir: values['server-dir'] });
  process.stdout.write(`NATS secrets in ${result.out}: wrote ${result.written.join(', ')}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`nats:secrets: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
