/** A server the bench drives. `kind` says which workloads apply. */
export interface Target {
  name: string;
  kind: 'bare' | 'mandate' | 'oidc-provider';
  origin: string;
}

/** One HTTP request that autocannon repeats unchanged. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
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
}

export interface Row {
  workload: string;
  variant?: string;
  target: string;
  unit: 'req/s' | 'seq/s';
  rate?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  non2xx?: number;
  note?: string;
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
