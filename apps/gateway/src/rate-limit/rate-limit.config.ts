import { z } from 'zod';
import { defineConfig, emptyAsUnset } from '@mandate/platform';

const max = z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(1_000_000));

/**
 * The gateway's rate limits on anonymous endpoints (issue 17).
 * - RATE_LIMIT_ENABLED: `true` (default) or `false` (the bench, and test stacks that measure something else).
 * - RATE_LIMIT_STORE: `bus` (default): over NATS, the counters live in a JetStream key-value
 *   bucket every gateway replica shares, so N replicas grant one budget, not N; in one process,
 *   in memory. `memory`: each process counts alone (a deployment without JetStream).
 * - RATE_LIMIT_WINDOW_SECONDS: the fixed window every limit counts in (60).
 * - RATE_LIMIT_REGISTER_MAX: `/register` and `/aiagent/register` requests per address (20).
 * - RATE_LIMIT_AUTHENTICATE_MAX: `/json/.../authenticate` requests per address (60).
 * - RATE_LIMIT_TOKEN_MAX: `/access_token` requests per address, all clients together (1200).
 * - RATE_LIMIT_TOKEN_CLIENT_MAX: `/access_token` requests per presented client_id and address (600),
 *   so that one client cannot spend another's budget.
 * - RATE_LIMIT_BC_AUTHORIZE_MAX, RATE_LIMIT_BC_AUTHORIZE_CLIENT_MAX: CIBA's `/bc-authorize` requests
 *   per address (120) and per presented client_id and address (30): each one asks a person.
 */
export const rateLimitConfig = defineConfig(
  'rate-limit',
  z.object({
    RATE_LIMIT_ENABLED: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('true')).transform((v) => v === 'true'),
    RATE_LIMIT_STORE: z.preprocess(emptyAsUnset, z.enum(['bus', 'memory']).default('bus')),
    RATE_LIMIT_WINDOW_SECONDS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(86_400).default(60)),
    RATE_LIMIT_REGISTER_MAX: max.default(20),
    RATE_LIMIT_AUTHENTICATE_MAX: max.default(60),
    RATE_LIMIT_TOKEN_MAX: max.default(1200),
    RATE_LIMIT_TOKEN_CLIENT_MAX: max.default(600),
    RATE_LIMIT_BC_AUTHORIZE_MAX: max.default(120),
    RATE_LIMIT_BC_AUTHORIZE_CLIENT_MAX: max.default(30),
  }),
);
export type RateLimitConfig = z.infer<typeof rateLimitConfig.schema>;
