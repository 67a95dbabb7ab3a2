/**
 * `npm run start:cluster`: the distributed topology on one machine without Docker. Postgres
 * and nats-server from local binaries (throwaway, in temp dirs), each service and the gateway
 * as its own process over NATS, exactly as in docker-compose: nats-server with TLS and the
 * per-app permissions `npm run nats:secrets` generates, each app with its own seed. For
 * benchmarks and fault tests.
 * Ctrl-C stops everything and removes the temp dirs.
 */
import { startInfra, startMandate } from '@mandate/testing';

async function main() {
  const port = Number(process.env.PORT ?? 8080);
  const infra = await startInfra({ postgres: true, nats: true });
  const stack = await startMandate({
    mode: 'distributed',
    infra,
    port,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...(process.env.AM_BASE_URL ? { AM_BASE_URL: process.env.AM_BASE_URL } : {}) },
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

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
