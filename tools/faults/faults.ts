/**
 * `npm run faults` (issue 25 item 7): Mandate's own fault suite on the distributed stack. A
 * bounded load (load.ts) runs through one fault per phase: a baseline; kill -9 of each service,
 * then of the gateway, each started again after a short outage as compose's `restart:` would;
 * kill -9 of nats-server, started again; a Postgres restart; a SIGTERM drain of token-service.
 * Then the final check (check.ts) holds the server to every write it acknowledged, and the suite
 * prints a table and writes its figures into RELIABILITY.md (report.ts) and tmp/faults/latest.json.
 *
 *   npm run faults                (3 s of load before each fault, 1 s outage, at least 10 s after the process is back, 4 workers)
 *   npm run faults -- --quick     (1 s before, 0.5 s outage, at least 3 s after, 3 workers: for CI)
 *
 * A phase goes on after that until every request succeeds again (or 30 s), so its recovery is measured whole.
 *
 * Everything listens on 127.0.0.1; Postgres and nats-server are the harness's throwaway local ones
 * (TEST_INFRA=local) or containers; every process the suite starts is stopped at the end, on error
 * and on Ctrl-C. The services run with their defaults (RPC_TIMEOUT_MS 5000): the figures are what
 * a deployment would see.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  Cleanups,
  type LocalNats,
  type MandateProcess,
  type MandateStack,
  type RunningPostgres,
  SERVICE_APPS,
  describeMachine,
  machineSummary,
  sourceCommit,
  startInfra,
  startMandate,
  waitForDemoImport,
  workspaceRoot,
} from '@mandate/testing';
import { type Observed, type PhaseWindow, check, phaseFigures, recovered } from './check';
import { Ledger } from './ledger';
import { ALPHA, Load, REGISTRATION_NAME_PREFIX, basic, form, send } from './load';
import { reportLines, writeReliability } from './report';

const ADMIN_PASSWORD = 'Faults-adm1n-pa55';
/** A phase that has not recovered this long after its process is back ends anyway, as not recovered. */
const RECOVERY_CAP_MS = 30_000;

interface Settings {
  quick: boolean;
  leadMs: number;
  outageMs: number;
  tailMs: number;
  workers: number;
  pauseMs: number;
}

function parseArgs(argv: string[]): Settings {
  const quick = argv.includes('--quick');
  return quick ? { quick, leadMs: 1_000, outageMs: 500, tailMs: 3_000, workers: 3, pauseMs: 20 } : { quick, leadMs: 3_000, outageMs: 1_000, tailMs: 10_000, workers: 4, pauseMs: 10 };
}

const log = (line: string) => process.stderr.write(`[faults] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups = new Cleanups(log);

/** A fault: `inject` does it (and returns once the process is gone), `restore` brings the process back and returns once it is ready. */
interface Fault {
  name: string;
  inject(): Promise<void>;
  restore(): Promise<void>;
}

async function kill9(proc: MandateProcess): Promise<void> {
  if (proc.pid) process.kill(proc.pid, 'SIGKILL');
  await proc.exit();
}

const restarted = (proc: MandateProcess) => async () => {
  proc.start();
  await proc.waitReady();
};

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

function faults(stack: MandateStack, nats: LocalNats | undefined, postgres: RunningPostgres): Fault[] {
  const service = (app: (typeof SERVICE_APPS)[number]) => stack.services.get(app) as MandateProcess;
  const list: Fault[] = SERVICE_APPS.map((app) => ({ name: `kill -9 ${app}`, inject: () => kill9(service(app)), restore: restarted(service(app)) }));
  list.push({ name: 'kill -9 gateway', inject: () => kill9(stack.gateway), restore: restarted(stack.gateway) });
  if (nats?.pid) {
    list.push({
      name: 'kill -9 nats-server',
      inject: async () => {
        process.kill(nats.pid as number, 'SIGKILL');
        await until(() => !nats.running, 'nats-server did not exit');
      },
      restore: () => nats.start(),
    });
  } else log('nats-server is not a local process: its kill -9 phase is left out');
  if (postgres.stopServer && postgres.startServer) {
    list.push({ name: 'Postgres restart', inject: () => postgres.stopServer?.() ?? Promise.resolve(), restore: () => postgres.startServer?.() ?? Promise.resolve() });
  } else log('Postgres is not restartable in place: its phase is left out');
  const drained = service('token-service');
  list.push({ name: 'SIGTERM drain of token-service', inject: async () => void (await drained.stop('SIGTERM')), restore: restarted(drained) });
  return list;
}

/** Ready again: the gateway reports every service ready and a token is issued. */
async function settled(origin: string): Promise<void> {
  await until(async () => (await send(`${origin}/health/ready`)).status === 200, 'the stack was not ready again');
  await waitForDemoImport(origin);
}

async function runPhases(settings: Settings, stack: MandateStack, list: Fault[], load: Load, ledger: Ledger): Promise<PhaseWindow[]> {
  const windows: PhaseWindow[] = [];
  const baseline: PhaseWindow = { name: 'baseline', start: performance.now(), end: 0 };
  load.phase = baseline.name;
  load.start();
  await sleep(settings.leadMs + settings.tailMs);
  baseline.end = performance.now();
  windows.push(baseline);
  for (const fault of list) {
    const window: PhaseWindow = { name: fault.name, start: performance.now(), end: 0 };
    load.phase = fault.name;
    await sleep(settings.leadMs);
    window.faultAt = performance.now();
    await fault.inject();
    await sleep(settings.outageMs);
    await fault.restore();
    const backAt = (window.backAt = performance.now());
    await sleep(settings.tailMs);
    // The phase lasts until every request succeeds again (or RECOVERY_CAP_MS), so a slow recovery is measured, not cut off.
    await until(() => recovered(window, ledger.attempts, performance.now()) || performance.now() - backAt > RECOVERY_CAP_MS, 'never', RECOVERY_CAP_MS + 5_000);
    window.end = performance.now();
    windows.push(window);
    log(`${fault.name}: back ${Math.round(backAt - window.faultAt)} ms after the fault`);
    // The next phase starts on a whole stack.
    load.phase = 'between phases';
    await settled(stack.origin);
  }
  load.phase = 'after the phases';
  await load.stop();
  return windows;
}

/** Runs `each` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await each(items[next++]);
  }));
}

/** The check's own request, tried again while it gets no answer or a 5xx; undefined when it never does. */
async function decided<T>(ask: () => ReturnType<typeof send>, read: (answer: Awaited<ReturnType<typeof send>>) => T): Promise<T | undefined> {
  for (let i = 0; i < 5; i++) {
    const answer = await ask();
    if (answer.status !== undefined && answer.status < 500) return read(answer);
    await sleep(200);
  }
  return undefined;
}

async function observe(origin: string, ledger: Ledger): Promise<Observed> {
  const observed: Observed = { active: new Map(), exists: new Map(), clientsByKey: new Map() };
  await pool(ledger.tokens, 4, async ({ token, client }) => {
    observed.active.set(token, await decided(() => send(`${origin}${ALPHA}/introspect`, form({ token }, basic(client))), (a) => (a.status === 200 ? a.json?.active === true : undefined)));
  });
  await pool(ledger.registrations, 4, async (r) => {
    observed.exists.set(r.clientId, await decided(() => send(r.registrationClientUri, { headers: { authorization: `Bearer ${r.registrationAccessToken}` } }), (a) => a.status === 200 && a.json?.client_id === r.clientId));
  });
  const login = await send(`${origin}/am/json/realms/root/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const admin = login.json?.tokenId;
  if (typeof admin !== 'string') throw new Error(`amadmin login answered ${login.status} ${login.error ?? ''}`);
  // One query per first hex digit of the keys (UUIDs): all at once would outgrow a bus message.
  for (const digit of '0123456789abcdef') {
    const filter = encodeURIComponent(`/coreOAuth2ClientConfig/clientName sw "${REGISTRATION_NAME_PREFIX}${digit}"`);
    const url = `${origin}/am/json/realms/root/realms/alpha/realm-config/agents/OAuth2Client?_queryFilter=${filter}`;
    const result = await decided(
      () => send(url, { headers: { iPlanetDirectoryPro: admin, 'Accept-API-Version': 'resource=1.0' } }),
      (a) => (a.status === 200 ? (a.json?.result as Array<{ _id: string; coreOAuth2ClientConfig?: { clientName?: string[] } }> | undefined) : undefined),
    );
    if (!result) throw new Error(`the query of the clients registered with keys ${digit}… got no answer`);
    for (const client of result) {
      const key = client.coreOAuth2ClientConfig?.clientName?.[0]?.slice(REGISTRATION_NAME_PREFIX.length);
      if (key) observed.clientsByKey.set(key, (observed.clientsByKey.get(key) ?? new Set()).add(client._id));
    }
  }
  return observed;
}

async function main() {
  const settings = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  cleanups.onSignals();
  let lines: string[];
  try {
    const infra = await startInfra({ postgres: true, nats: true });
    cleanups.push(() => infra.stop());
    log(`infra: ${infra.mode} (${infra.reason})`);
    const stack = await startMandate({ mode: 'distributed', infra, env: { LOG_LEVEL: 'warn', AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
    cleanups.push(() => stack.stop());
    await waitForDemoImport(stack.origin);
    log(`stack up after ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
    const ledger = new Ledger();
    const load = new Load({ origin: stack.origin, workers: settings.workers, pauseMs: settings.pauseMs }, ledger);
    const windows = await runPhases(settings, stack, faults(stack, infra.nats as LocalNats | undefined, infra.postgres as RunningPostgres), load, ledger);
    await settled(stack.origin);
    log(`checking ${ledger.tokens.length} tokens, ${ledger.revoked.size} revocations, ${ledger.registrations.length} registrations`);
    const findings = check(ledger, await observe(stack.origin, ledger));
    const phases = windows.map((w) => phaseFigures(w, ledger.attempts));
    const machine = machineSummary();
    const mode = settings.quick ? 'quick' : 'full';
    lines = [
      `date: ${startedAt.toISOString()}`,
      `machine: ${describeMachine(machine)}`,
      `Mandate ${sourceCommit(workspaceRoot())}, Node ${process.version}; infra ${infra.mode} Postgres and NATS`,
      `mode: ${mode}: ${settings.leadMs} ms of load before each fault, ${settings.outageMs} ms outage, at least ${settings.tailMs} ms after the process is back (until recovered, 30 s at most); ${settings.workers} workers, ${settings.pauseMs} ms pause between operations; services on their defaults (RPC_TIMEOUT_MS 5000)`,
      '',
      ...reportLines(phases, findings),
    ];
    writeReliability(join(workspaceRoot(), 'RELIABILITY.md'), mode, lines);
    const dir = join(workspaceRoot(), 'tmp', 'faults');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), JSON.stringify({ date: startedAt.toISOString(), machine, settings, phases, findings }, null, 2));
  } finally {
    await cleanups.run();
  }
  process.stdout.write(`${lines.join('\n')}\n\nRELIABILITY.md and tmp/faults/latest.json written\n`);
  log(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
  // Everything the suite started is stopped; a keep-alive socket must not hold the process open.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
