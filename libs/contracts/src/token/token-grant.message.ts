import { MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { clientAuthSchema, formParamsSchema } from './client-auth';

/**
 * `token.grant`: `POST oauth2/.../access_token` (am-spec §4). `clientAuth` is absent when the
 * request carried no client identification at all.
 */
export const tokenGrantRequestSchema = z.object({
  realm: realmPathSchema,
  params: formParamsSchema,
  clientAuth: clientAuthSchema.optional(),
  /**
   * RFC 9449: every `DPoP` header of the request (token-service wants exactly one), with the
   * request's method and its URL as the client sees it (the public base URL, no query).
   */
  dpop: z.object({ proofs: z.array(z.string().max(MAX_TOKEN_LENGTH)).max(8), htm: z.string().max(16), htu: z.string().max(4096) }).optional(),
});
export type TokenGrantRequest = z.infer<typeof tokenGrantRequestSchema>;

/** The token response exactly as it goes on the wire, keys in AM's order (parsing keeps this order) (am-spec §4.3, RFC 6749 §5.1, RFC 8693 §2.2.1). */
export const tokenResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  issued_token_type: z.string().optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
  token_type: z.string(),
  expires_in: z.number().int(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export const tokenGrantReplySchema = tokenResponseSchema;
