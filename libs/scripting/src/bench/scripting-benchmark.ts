import { runDcrScript } from '../lib/dcr/dcr-script';
import { runMayActScript, type MayActInput } from '../lib/may-act/may-act-script';
import { SEED_000_MAY_ACT_LEGACY, SEED_000_MAY_ACT_NEXT_GEN, SEED_002_DCR } from '../lib/seed-scripts';

/** Runs per second of wall-clock time, and per second of this process's CPU time (robust on a busy box). */
export interface RunRate {
  wall: number;
  cpu: number;
}

export interface ScriptingBenchmarkResult {
  /** First run, including the start of a pool worker and its WebAssembly load. */
  firstRunMs: number;
  runs: number;
  nextGenMayAct: RunRate;
  legacyMayAct: RunRate;
  dcr: RunRate;
}

const INPUT: MayActInput = {
  token: { claims: { sub: 'demo', scope: 'read' }, scope: ['read'] },
  clientProperties: { clientId: 'hr-agent', allowedGrantTypes: ['client_credentials'], allowedScopes: ['read'], customProperties: {} },
  scopes: ['read'],
  requestProperties: { requestUri: 'http://am.example.com/am/oauth2/access_token', realm: '/alpha', requestParams: {}, requestHeaders: {} },
  identity: null,
};

async function rate(runs: number, once: () => Promise<unknown>): Promise<RunRate> {
  for (let i = 0; i < Math.min(200, runs); i++) await once(); // warm-up (JIT, WebAssembly tier-up)
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < runs; i++) await once();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Math.round(runs / seconds), cpu: Math.round(runs / ((cpu.user + cpu.system) / 1e6)) };
}

/**
 * Sequential runs per second of the seed scripts, each in a fresh runtime + context in a worker
 * of the process's script pool, as the services run them. Not asserted anywhere: a report, not a test.
 */
export async function scriptingBenchmark(runs = 2_000): Promise<ScriptingBenchmarkResult> {
  const start = process.hrtime.bigint();
  await runMayActScript(SEED_000_MAY_ACT_NEXT_GEN, INPUT);
  const firstRunMs = Number(process.hrtime.bigint() - start) / 1e6;
  const dcrInput = { operation: 'CREATE' as const, clientIdentity: { name: 'hr-agent', isAIAgent: true } };
  return {
    firstRunMs: Math.round(firstRunMs),
    runs,
    nextGenMayAct: await rate(runs, () => runMayActScript(SEED_000_MAY_ACT_NEXT_GEN, INPUT)),
    legacyMayAct: await rate(runs, () => runMayActScript(SEED_000_MAY_ACT_LEGACY, INPUT)),
    dcr: await rate(runs, () => runDcrScript(SEED_002_DCR, dcrInput)),
  };
}
