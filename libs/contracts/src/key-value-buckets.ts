import type { BusIdentity } from './subjects';

/**
 * The JetStream key-value buckets Mandate keeps on the bus, and the identities that use each.
 * The bus permissions (tools/nats) grant exactly these buckets' subjects to exactly these users.
 */
export const KeyValueBuckets = {
  /** The gateway's rate-limit counters, shared by every gateway replica (issue 17). */
  rateLimits: { name: 'mandate_rate_limits', users: ['gateway'] },
} as const satisfies Record<string, { name: string; users: readonly BusIdentity[] }>;

export type KeyValueBucket = (typeof KeyValueBuckets)[keyof typeof KeyValueBuckets];

/**
 * What a user of `bucket` publishes: reads (direct get, message get), writes (`$KV.<bucket>.>`,
 * acknowledged to its inbox), and opening the bucket (account info, stream info, and create on
 * first use). Nothing of any other stream, and no consumers: the buckets are never watched.
 */
export function keyValueSubjects(bucket: KeyValueBucket): string[] {
  const stream = `KV_${bucket.name}`;
  return [
    '$JS.API.INFO',
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$KV.${bucket.name}.>`,
  ];
}

/** Every bucket subject `identity` may publish to. */
export function keyValueGrants(identity: BusIdentity): string[] {
  const subjects = Object.values(KeyValueBuckets)
    .filter((bucket) => (bucket.users as readonly BusIdentity[]).includes(identity))
    .flatMap(keyValueSubjects);
  return [...new Set(subjects)];
}
