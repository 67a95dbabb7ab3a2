import { defineConfig, emptyAsUnset } from '@mandate/platform';
import { z } from 'zod';


/**
 * Token exchange (RFC 8693) in token-service.
 * - MANDATE_MAX_DELEGATION_DEPTH: the deepest `act` chain an exchange may produce (contract §3.4:
 *   chained delegation nests `act`, one level per actor). Default 5; 1 allows no chaining.
 */
export const tokenExchangeConfig = defineConfig(
  'token-exchange',
  z.object({
    MANDATE_MAX_DELEGATION_DEPTH: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(50).default(5)),
  }),
);
export type TokenExchangeConfig = z.infer<typeof tokenExchangeConfig.schema>;
