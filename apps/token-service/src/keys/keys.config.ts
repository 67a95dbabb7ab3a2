import { defineConfig, emptyAsUnset } from '@mandate/platform';
import { z } from 'zod';
import { decodeEncryptionKey } from '@mandate/crypto';

/**
 * token-service's signing keys.
 * - MANDATE_KEY_ENCRYPTION_KEY: 32 random bytes, base64 (`openssl rand -base64 32`). Private
 *   signing keys are stored encrypted under it (AES-256-GCM). Unset: a key is generated on first
 *   use and kept in the database (`token.installation_secrets`), so keys at rest are then only
 *   as safe as the database; a warning says so at first use.
 * - MANDATE_MAX_TOKEN_LIFETIME_S: the longest lifetime of a JWT this service signs (access
 *   tokens; refresh tokens are opaque). A retired key stays published, and its tokens are
 *   accepted, this long after rotation (plus KEY_RING_CACHE_MS), then it is gone.
 * - MANDATE_KEY_ROTATION_DAYS: a realm's active signing key is replaced once it is this many
 *   days old; 0 turns the schedule off (the admin action still rotates). Default 90, a quarterly
 *   rotation as Okta's and well inside NIST SP 800-57's 1-3 year cryptoperiod for signing keys.
 * - MANDATE_KEY_ROTATION_CHECK_S: how often each replica looks for keys due (and once at start).
 */
export const keysConfig = defineConfig(
  'token-keys',
  z.object({
    MANDATE_KEY_ENCRYPTION_KEY: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .refine((value) => {
          try {
            return decodeEncryptionKey(value).length === 32;
          } catch {
            return false;
          }
        }, '32 random bytes, base64 (openssl rand -base64 32)')
        .optional(),
    ),
    MANDATE_MAX_TOKEN_LIFETIME_S: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(31_536_000).default(3600)),
    MANDATE_KEY_ROTATION_DAYS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(3650).default(90)),
    MANDATE_KEY_ROTATION_CHECK_S: z.preprocess(emptyAsUnset, z.coerce.number().int().min(10).max(86_400).default(3600)),
  }),
);
export type KeysConfig = z.infer<typeof keysConfig.schema>;
