import { execFileSync, spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@mandate/testing';
import { writeBusSecrets, writeComposeEnv } from './compose-env';

// npm run test:compose: docker-compose.yml for real, offline. Starts a Docker engine when none
// answers, builds the base images (cached) and the one app image, brings the stack up, replays
// the five seed pages through the gateway's port on 127.0.0.1, crashes a service and sees its
// restart policy bring it back, then takes everything down with its volume. Exits non-zero on
// the first failure, after printing the stack's state and logs.

const root = join(__dirname, '..', '..');
const project = 'mandate-compose-test';
const crashed = 'token-service';
const say = (line: string) => process.stdout.write(`[test:compose] ${line}\n`);

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions } = {}): void {
  const res = spawnSync(cmd, args, { cwd: root, stdio: opts.stdio ?? 'inherit', env: opts.env ?? process.env });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status ?? res.signal}`);
}

function out(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(cmd, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const service = (list: ContainerState[], name: string): ContainerState => {
  const found = list.find((c) => c.service === name);
  if (!found) throw new Error(`no ${name} container`);
  return found;
};

const dockerAnswers = () => spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

async function ensureDockerd(): Promise<void> {
  if (dockerAnswers()) {
    say('a Docker engine answers');
    return;
  }
  mkdirSync(join(root, 'tmp', 'docker'), { recursive: true });
  const log = join(root, 'tmp', 'docker', 'dockerd.log');
  say(`no Docker engine answers: starting dockerd (log ${log})`);
  const fd = openSync(log, 'a');
  spawn('dockerd', [], { detached: true, stdio: ['ignore', fd, fd] }).unref();
  await until('dockerd answers', 60, async () => dockerAnswers());
}

async function until(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

/** `docker compose` (v2) where the plugin is installed, otherwise Debian's `docker-compose` (v1). */
function composeCommand(): string[] {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0 ? ['docker', 'compose'] : ['docker-compose'];
}

interface ContainerState {
  service: string;
  id: string;
  status: string;
  health?: string;
  exitCode: number;
  restarts: number;
  pid: number;
}

function containers(compose: (...args: string[]) => string): ContainerState[] {
  const ids = compose('ps', '-a', '-q').split('\n').filter(Boolean);
  if (!ids.length) return [];
  const inspected = JSON.parse(out('docker', ['inspect', ...ids])) as Array<{
    Id: string;
    RestartCount: number;
    Config: { Labels: Record<string, string> };
    State: { Status: string; ExitCode: number; Pid: number; Health?: { Status: string } };
  }>;
  return inspected.map((c) => ({
    service: c.Config.Labels['com.docker.compose.service'],
    id: c.Id,
    status: c.State.Status,
    health: c.State.Health?.Status,
    exitCode: c.State.ExitCode,
    restarts: c.RestartCount,
    pid: c.State.Pid,
  }));
}

/** Like `docker compose up --wait` (which Compose v1 lacks): every service healthy, migrate exited 0. */
function stackReady(list: ContainerState[], services: string[]): boolean {
  const migrate = list.find((c) => c.service === 'migrate');
  if (migrate && migrate.status === 'exited' && migrate.exitCode !== 0) throw new Error(`migrate exited ${migrate.exitCode}`);
  return services.every((s) => {
    const c = list.find((x) => x.service === s);
    if (!c) return false;
    return s === 'migrate' ? c.status === 'exited' && c.exitCode === 0 : c.status === 'running' && c.health === 'healthy';
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  // --no-build: an app image built already (mandate:dev, or MANDATE_IMAGE) is tested as it is.
  const reuseImage = process.argv.includes('--no-build');
  await ensureDockerd();
  say('base images (npm run images:base, cached)');
  run('bash', [join(__dirname, 'build-base-images.sh')]);
  const envFile = join(root, '.env');
  const wrote = writeComposeEnv(envFile);
  say(wrote.created ? `wrote ${envFile} (mode 600)` : `${envFile} exists: used as it is`);
  writeBusSecrets(join(root, 'secrets', 'nats'), root);
  say('bus secrets in secrets/nats (TLS, one NATS identity per app)');

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const adminPassword = randomBytes(18).toString('base64url');
  // Values here win over .env: this run's own port, issuer and amadmin, the offline images.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COMPOSE_PROJECT_NAME: project,
    MANDATE_HTTP_PORT: String(port),
    AM_BASE_URL: `${origin}/am`,
    AM_ADMIN_PASSWORD: adminPassword,
    NODE_IMAGE: process.env.NODE_IMAGE ?? 'mandate/node:24',
    NATS_IMAGE: process.env.NATS_IMAGE ?? 'mandate/nats:2.9',
    POSTGRES_IMAGE: process.env.POSTGRES_IMAGE ?? 'mandate/postgres:15',
  };
  const [cmd, ...pre] = composeCommand();
  const compose = (...args: string[]) => out(cmd, [...pre, ...args], env);
  const composeLoud = (...args: string[]) => run(cmd, [...pre, ...args], { env });
  say(`compose: ${[cmd, ...pre].join(' ')}, project ${project}, gateway on ${origin}`);

  let failed = false;
  try {
    composeLoud('down', '-v', '--remove-orphans');
    if (reuseImage) say(`--no-build: using the app image ${env.MANDATE_IMAGE ?? 'mandate:dev'} as it is`);
    else {
      say('building the app image (one image, every app)');
      composeLoud('build', 'migrate');
    }
    say('docker compose up -d, then waiting for every service to be healthy');
    composeLoud('up', '-d', '--no-build');
    const services = compose('config', '--services').split('\n').filter(Boolean);
    await until('every service healthy', 600, async () => stackReady(containers(compose), services));
    say(`up and healthy: ${services.join(', ')}`);

    say('replaying the five seed pages through the gateway');
    run('npx', ['jest', '--config', 'apps/e2e/jest.config.cjs', '--testPathPatterns', 'seeds.e2e.spec.ts'], {
      env: { ...process.env, MANDATE_SEEDS_ORIGIN: origin, MANDATE_SEEDS_ADMIN_PASSWORD: adminPassword },
    });

    const before = service(containers(compose), crashed);
    // `docker kill` counts as a manual stop, which restart policies leave stopped; a process that
    // dies is what they are for. It is killed from the host's PID namespace (from inside the
    // container, PID 1 ignores SIGKILL), through Docker so no host root is needed.
    say(`crashing ${crashed} (SIGKILL to its node process, pid ${before.pid} on the host)`);
    run('docker', ['run', '--rm', '--pid=host', env.NODE_IMAGE ?? 'mandate/node:24', 'sh', '-c', `kill -9 ${before.pid}`]);
    await until(`${crashed} restarted and healthy`, 300, async () => {
      const now = service(containers(compose), crashed);
      return now.restarts > before.restarts && now.status === 'running' && now.health === 'healthy';
    });
    say(`${crashed} was restarted by its restart policy and is healthy again`);
    const token = await fetch(`${origin}/am/oauth2/realms/root/realms/alpha/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('bot-traffic-analyzer-agent:mySecret').toString('base64')}` },
      body: 'grant_type=client_credentials&scope=monitor-system',
    });
    const body = (await token.json()) as Record<string, unknown>;
    if (token.status !== 200 || typeof body.access_token !== 'string') throw new Error(`token request after the restart: ${token.status} ${JSON.stringify(body.error ?? body)}`);
    say(`a client_credentials token request after the restart: ${token.status}, ${body.token_type} token issued`);
  } catch (err) {
    failed = true;
    process.stderr.write(`[test:compose] FAILED: ${(err as Error).message}\n`);
    spawnSync(cmd, [...pre, 'ps'], { cwd: root, env, stdio: 'inherit' });
    spawnSync(cmd, [...pre, 'logs', '--no-color', '--tail', '40'], { cwd: root, env, stdio: 'inherit' });
  } finally {
    say('docker compose down -v');
    spawnSync(cmd, [...pre, 'down', '-v', '--remove-orphans'], { cwd: root, env, stdio: 'inherit' });
  }
  say(`${failed ? 'failed' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (failed) process.exit(1);
}

if (!existsSync(join(root, 'docker-compose.yml'))) throw new Error(`no docker-compose.yml in ${root}`);
main().catch((err) => {
  process.stderr.write(`[test:compose] FAILED: ${(err as Error).message}\n`);
  process.exit(1);
});
