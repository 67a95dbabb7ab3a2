/**
 * `npm run start:cluster`: the distributed topology on one machine without Docker. Postgres
 * and nats-server from local binaries (throwaway, in temp dirs), each service and the gateway
 * as its own process over NATS, exactly as in docker-compose: nats-server with TLS and the
 * per-app permissions `npm run nats:secrets` generates, each app with its own seed. For
 * benchmarks and fault tests.
 * Every process's lines are printed with its name; `--restart` starts a process again when it
 * exits by itself, as compose's `restart: unless-stopped` does. The documented variables
 * (README, Configuration: MANDATE_IMPORT, AM_ADMIN_PASSWORD, LOG_LEVEL, …) reach every process;
 * those the cluster owns (the database, the bus, the ports) it sets itself.
 * Ctrl-C stops everything and removes the temp dirs.
 */
import { startInfra, startMandate } from '@mandate/testing';

/** The variables the cluster sets for each process itself. */
const OWNED = new Set(['DATABASE_URL', 'DATABASE_POOL_SIZE', 'NATS_URL', 'NATS_NKEY_SEED_FILE', 'NATS_TLS_CA_FILE', 'MANDATE_TRANSPORT', 'MANDATE_DATA_DIR', 'PORT', 'HOST', 'HEALTH_PORT']);
/** The configuration's names (README, Configuration): the apps' prefixes and the few without one. */
const DOCUMENTED = /^(AM_|MANDATE_|RATE_LIMIT_|LOGIN_|SSO_|OTEL_|RPC_|CONSOLE_|BODY_LIMIT_)|^LOG_LEVEL$/;

/** What the cluster passes on from its own environment to every process. */
export function forwardedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && DOCUMENTED.test(e[0]) && !OWNED.has(e[0])));
}

async function main() {
  const port = Number(process.env.PORT ?? 8080);
  const restart = process.argv.includes('--restart');
  const infra = await startInfra({ postgres: true, nats: true });
  const stack = await startMandate({
    mode: 'distributed',
    infra,
    port,
    env: { LOG_LEVEL: 'info', ...forwardedEnv(process.env) },
    eachProcess: (proc) => {
      proc.printLines((line) => process.stdout.write(`${line}\n`));
      if (restart) proc.keepRunning();
    },
  });
  const line = (s: string) => process.stdout.write(`${s}\n`);
  line(`Mandate cluster is ready (${infra.mode} infrastructure: ${infra.reason})`);
  line(`  gateway      ${stack.baseUrl}  (pid ${stack.gateway.pid})`);
  for (const [name, proc] of stack.services) line(`  ${name.padEnd(22)} pid ${proc.pid}`);
  line(`  nats         ${infra.nats?.url}${infra.nats?.secrets ? ` (TLS and nkeys; CA and seeds in ${infra.nats.secrets.dir})` : ''}`);
  line(`  postgres     ${infra.postgres?.url}`);
  line(`  try: curl ${stack.baseUrl}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`);
  const stop = async () => {
    await stack.stop();
    await infra.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
