import { performance } from 'node:perf_hooks';
import type { Sequence } from './bench-types';

export interface SequenceResult {
  perSecond: number;
  p50: number;
  p99: number;
  completed: number;
  errors: number;
  firstError?: string;
}

/**
 * W4's driver (autocannon repeats one request; a login → authorize → code → token sequence
 * needs the answer of each step): `loops` concurrent loops run the sequence back to back for
 * `seconds`. Latency is per completed sequence.
 */
export async function runSequences(sequence: Sequence, loops: number, seconds: number): Promise<SequenceResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await sequence();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
          await new Promise((r) => setTimeout(r, 10)); // a failing target must not turn this into a busy loop
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]) : 0);
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), completed: latencies.length, errors, firstError };
}
