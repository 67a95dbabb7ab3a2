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
 *   tokens; refresh tokens are opaque). A retired key stays published this long after rotation.
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
  }),
);
export type KeysConfig = z.infer<typeof keysConfig.schema>;
