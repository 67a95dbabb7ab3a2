import { defineConfig, emptyAsUnset } from '@mandate/platform';
import { z } from 'zod';

/**
 * DPoP proofs at the token endpoint (RFC 9449).
 * - MANDATE_DPOP_PROOF_WINDOW_S: how far a proof's `iat` may be from the clock, either way; its
 *   `jti` is remembered this long twice over. Default 60.
 * - MANDATE_DPOP_NONCE_LIFETIME_S: how long a server nonce (`DPoP-Nonce`) is accepted. Default 300.
 */
export const dpopConfig = defineConfig(
  'token-dpop',
  z.object({
    MANDATE_DPOP_PROOF_WINDOW_S: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(3600).default(60)),
    MANDATE_DPOP_NONCE_LIFETIME_S: z.preprocess(emptyAsUnset, z.coerce.number().int().min(10).max(86400).default(300)),
  }),
);
export type DpopConfig = z.infer<typeof dpopConfig.schema>;
