import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `introspection.tokeninfo`: AM's legacy `GET oauth2/.../tokeninfo` (am-spec §8), gateway →
 * introspection-service. No client authentication: whoever holds the access token may ask.
 * A missing, invalid, expired or revoked token (or a refresh token) fails with 400
 * `invalid_request` `Access Token not valid`.
 */
export const tokenInfoRequestSchema = z.object({
  realm: realmPathSchema,
  token: z.string().max(65536).optional(),
});
export type TokenInfoRequest = z.infer<typeof tokenInfoRequestSchema>;

/**
 * The token's claims plus `access_token` (echo), a recomputed `expires_in`, `scope` as an
 * array, and each granted scope as a top-level key (value `""`). A record, not an object
 * schema, so that the key order the service chose (AM's) survives validation.
 */
export const tokenInfoReplySchema = z
  .record(z.string(), z.unknown())
  .refine((info) => typeof info.access_token === 'string' && Array.isArray(info.scope) && typeof info.expires_in === 'number', {
    message: 'tokeninfo carries access_token, scope[] and expires_in',
  });
export type TokenInfoReply = z.infer<typeof tokenInfoReplySchema>;
