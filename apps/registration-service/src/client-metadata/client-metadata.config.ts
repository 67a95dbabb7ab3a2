import { defineConfig } from '@mandate/platform';
import { z } from 'zod';

/**
 * Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document).
 * - MANDATE_CIMD_ALLOW_LOOPBACK: TESTS ONLY. `true` lets the document fetcher connect to the
 *   loopback interface (127.0.0.0/8, ::1), where a test runs its document server. Every other
 *   refused address class stays refused. Off by default and in every shipped configuration
 *   (docker-compose, deploy/k8s, config/*.json): on a real server it would let anyone who can
 *   reach /authorize make Mandate call its own host's services.
 */
export const clientMetadataConfig = defineConfig(
  'client-metadata',
  z.object({
    MANDATE_CIMD_ALLOW_LOOPBACK: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  }),
);
export type ClientMetadataConfig = z.infer<typeof clientMetadataConfig.schema>;
