import { startNatsContainer, startPostgresContainer } from './containers';
import { detectDocker } from './docker-detect';
import { startLocalNats, type RunningNats } from './local-nats';
import { startLocalPostgres, type RunningPostgres } from './local-postgres';

export type InfraMode = 'docker' | 'local';

export interface InfraOptions {
  postgres?: boolean;
  nats?: boolean;
  /** NATS with TLS and one nkey identity per app, as `npm run nats:secrets` configures it (default: true). */
  natsAuth?: boolean;
  /** Local NATS only: start nats-server's monitoring endpoint (`monitorUrl`, /varz). */
  natsMonitor?: boolean;
}

export interface Infra {
  mode: InfraMode;
  /** Why this mode was chosen, e.g. `TEST_INFRA=local` or `no socket at /var/run/docker.sock`. */
  reason: string;
  postgres?: RunningPostgres;
  nats?: RunningNats;
  /** Stops everything; attempts every stop and then throws one AggregateError if any failed. */
  stop(): Promise<void>;
}

/** TEST_INFRA=local|docker forces the mode; otherwise Docker is used iff its /_ping answers in time. */
export async function resolveInfraMode(): Promise<{ mode: InfraMode; reason: string }> {
  const forced = process.env['TEST_INFRA']?.trim().toLowerCase();
  if (forced === 'local' || forced === 'docker') return { mode: forced, reason: `TEST_INFRA=${forced}` };
  if (forced) throw new Error(`TEST_INFRA must be "local" or "docker", got "${process.env['TEST_INFRA']}"`);
  const docker = await detectDocker();
  return { mode: docker.available ? 'docker' : 'local', reason: docker.reason };
}

async function stopAll(services: Array<{ stop(): Promise<void> } | undefined>): Promise<unknown[]> {
  const results = await Promise.allSettled(services.map((s) => s?.stop()));
  return results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
}

/**
 * Starts PostgreSQL and/or NATS for integration tests, in parallel, in Docker or from local binaries.
 * Without an argument both are started; with an object, only the services set to true.
 */
export async function startInfra(opts: InfraOptions = { postgres: true, nats: true }): Promise<Infra> {
  const { mode, reason } = await resolveInfraMode();
  const docker = mode === 'docker';
  const secure = opts.natsAuth ?? true;
  const [pg, nats] = await Promise.allSettled([
    opts.postgres ? (docker ? startPostgresContainer() : startLocalPostgres()) : Promise.resolve(undefined),
    opts.nats ? (docker ? startNatsContainer({ secure }) : startLocalNats({ secure, monitor: opts.natsMonitor })) : Promise.resolve(undefined),
  ]);
  const postgres = pg.status === 'fulfilled' ? pg.value : undefined;
  const natsServer = nats.status === 'fulfilled' ? nats.value : undefined;
  const failures = [pg, nats].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  if (failures.length) {
    await stopAll([postgres, natsServer]);
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, `startInfra (${mode}): postgres and nats failed to start`);
  }

  let stopping: Promise<void> | undefined;
  return {
    mode,
    reason,
    postgres,
    nats: natsServer,
    stop: () =>
      (stopping ??= stopAll([postgres, natsServer]).then((errors) => {
        if (errors.length) {
          throw new AggregateError(errors, `startInfra (${mode}): ${errors.length} service(s) failed to stop`);
        }
      })),
  };
}
