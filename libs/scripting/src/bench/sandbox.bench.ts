/**
 * Micro-benchmark of the script sandbox, no tooling needed:
 *   cd /work/main && node -r @swc-node/register libs/scripting/src/bench/sandbox.bench.ts [runs]
 */
import { scriptingBenchmark } from './scripting-benchmark';

void scriptingBenchmark(Number(process.argv[2] ?? 2_000)).then((result) => {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
});
