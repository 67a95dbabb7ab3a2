import type { ProcessGroup } from './proc-stats';

/** A server the bench drives. `kind` says which workloads apply. */
export interface Target {
  name: string;
  kind: 'bare' | 'mandate' | 'oidc-provider';
  origin: string;
  /** Mandate on the infra Postgres (distributed, in-process): its database, for rows that seed data directly (A). */
  databaseUrl?: string;
  /** Every process that serves this target (and the bench itself, the load generator), sampled from /proc around each row. */
  processes?: ProcessGroup[];
  /** Committed plus rolled-back transactions of the target's Postgres so far (pg_stat_database, every database). */
  postgresTransactions?(): Promise<number>;
  /** Messages nats-server has received so far (/varz in_msgs); distributed only. */
  natsInMsgs?(): Promise<number>;
}

/** One process group's share of a row: CPU per request between the samples around the load, RSS idle and at its end. */
export interface ProcessCost {
  name: string;
  cpuMsPerRequest: number;
  rssIdleMiB: number;
  rssEndMiB: number;
}

/** What a row cost each process of its target (issue 24.2), from /proc, pg_stat_database and /varz. */
export interface RowCost {
  /** Requests (W4: sequences) completed in the measured load. */
  requests: number;
  seconds: number;
  processes: ProcessCost[];
  /** Postgres transactions per request (pg_stat_database xact_commit + xact_rollback delta / requests). */
  postgresTransactionsPerRequest?: number;
  /** NATS messages per request (/varz in_msgs delta / requests). */
  natsMessagesPerRequest?: number;
}

/** Latency at a fixed arrival rate, half the row's measured peak (issue 24.3). */
export interface OpenModelFigures {
  rate: number;
  p50: number;
  p99: number;
  scheduled: number;
  completed: number;
  late: number;
  missed: number;
  errors: number;
}

/** One HTTP request that autocannon repeats unchanged. */
export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What an in-process row measured: sequential runs per second, wall-clock and per CPU-second. */
export interface InProcessRate {
  wall: number;
  cpu: number;
  runs: number;
  /** Latency percentiles in ms, when the measurement keeps them. */
  p50?: number;
  p99?: number;
  note?: string;
  /** What `wall` and `cpu` count; runs/s unless said. */
  unit?: Row['unit'];
}

/** One iteration of a multi-request sequence (W4); throws when a step fails. */
export type Sequence = () => Promise<void>;

/**
 * A row of the table. `request` (autocannon) or `sequence` (concurrent loops) builds the load for
 * a target after probing it once; it returns a string instead when the target cannot run it:
 * 'n/a' leaves the row out, anything else is shown as the row's note ("not available yet …").
 */
export interface Workload {
  id: string;
  variant?: string;
  title: string;
  /** Not one of issue 9's W0–W4: runs in a full run or when named by --only. */
  extra?: boolean;
  request?(target: Target): Promise<LoadRequest | string>;
  sequence?(target: Target): Promise<Sequence | string>;
  /**
   * A background load that runs while `request` is measured (after an idle measurement of the
   * same request): starts it and returns how to stop it, or a string when the target cannot run it.
   */
  during?(target: Target): Promise<(() => Promise<void>) | string>;
  /** Measured inside the bench process itself (no server, no target): one row, target `in-process`. */
  inProcess?(settings: { runs: number; seconds: number }): Promise<InProcessRate>;
}

export interface Row {
  workload: string;
  variant?: string;
  target: string;
  unit: 'req/s' | 'seq/s' | 'runs/s' | 'signatures/s';
  rate?: number;
  /** In-process rows: runs per second of this process's CPU time (steadier than wall-clock on a shared box). */
  cpuRate?: number;
  p50?: number;
  p99?: number;
  /** Rows with a background load (`during`): the same request's latency measured idle just before. */
  idleP50?: number;
  idleP99?: number;
  errors?: number;
  non2xx?: number;
  note?: string;
  cost?: RowCost;
  open?: OpenModelFigures;
}

/** Thrown by a probe or a sequence step: what answered, to show in the row's note. */
export class ProbeError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly detail = '',
  ) {
    super(`${step} answered ${status}${detail ? ` ${detail}` : ''}`);
  }
}
