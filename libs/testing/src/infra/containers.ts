import type { RunningNats } from './local-nats';
import { generateNatsSecrets, natsAccess } from './nats-secrets';
import type { RunningPostgres } from './local-postgres';

// testcontainers is loaded lazily (await import) so that requiring @mandate/testing stays cheap
// and works on machines without Docker. Call these only after detectDocker() said yes: Testcontainers
// itself can hang forever on an engine that accepts connections but never answers.

// The images can be named by the environment, e.g. the offline ones of `npm run images:base`:
// MANDATE_TEST_POSTGRES_IMAGE=mandate/postgres:15 MANDATE_TEST_NATS_IMAGE=mandate/nats:2.9. An image
// that exists locally is used as it is (Testcontainers' default pull policy pulls only missing ones).
const postgresImage = () => process.env['MANDATE_TEST_POSTGRES_IMAGE']?.trim() || 'postgres:15-alpine';
const natsImage = () => process.env['MANDATE_TEST_NATS_IMAGE']?.trim() || 'nats:2.10';

export interface PostgresContainerOptions {
  image?: string;
  database?: string;
}

export interface NatsContainerOptions {
  image?: string;
  /** As for startLocalNats: TLS and the generated nkey identities and permissions. */
  secure?: boolean;
}

/** PostgreSQL in Docker (`postgres:15-alpine` or MANDATE_TEST_POSTGRES_IMAGE), user/password `postgres`, database `mandate`. */
export async function startPostgresContainer(opts: PostgresContainerOptions = {}): Promise<RunningPostgres> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const database = opts.database ?? 'mandate';
  const container = await new PostgreSqlContainer(opts.image ?? postgresImage())
    .withDatabase(database)
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  let stopping: Promise<void> | undefined;
  return {
    url: container.getConnectionUri(),
    host: container.getHost(),
    port: container.getPort(),
    user: container.getUsername(),
    password: container.getPassword(),
    database: container.getDatabase(),
    stop: () => (stopping ??= container.stop().then(() => undefined)),
  };
}

/**
 * nats-server in Docker (`nats:2.10` or MANDATE_TEST_NATS_IMAGE). Secure, it runs the generated
 * configuration (copied to /etc/nats, the path the generator writes into it); otherwise without
 * auth, so `connect({ servers: url })` works like the local one.
 */
export async function startNatsContainer(opts: NatsContainerOptions = {}): Promise<RunningNats> {
  const { NatsContainer } = await import('@testcontainers/nats');
  // NatsContainer's constructor enables --user test --pass test; skipping those keeps the URL credential-free
  // (nats.js ignores credentials embedded in server URLs).
  class NoAuthNatsContainer extends NatsContainer {
    override withUsername(): this {
      return this;
    }
    override withPass(): this {
      return this;
    }
  }
  const secrets = opts.secure ? await generateNatsSecrets('/etc/nats') : undefined;
  // JetStream: the gateway's rate-limit counters are a key-value bucket on the bus.
  let definition = new NoAuthNatsContainer(opts.image ?? natsImage()).withJetStream();
  if (secrets) {
    const files = ['nats-server.conf', 'server-cert.pem', 'server-key.pem'];
    definition = definition
      .withCopyFilesToContainer(files.map((f) => ({ source: `${secrets.dir}/${f}`, target: `/etc/nats/${f}`, mode: 0o644 })))
      .withArg('-c', '/etc/nats/nats-server.conf');
  }
  const container = await definition.start();
  const port = container.getMappedPort(4222);
  let stopping: Promise<void> | undefined;
  return {
    ...natsAccess(`nats://${container.getHost()}:${port}`, secrets),
    port,
    stop: () => (stopping ??= container.stop().then(() => undefined)),
  };
}
