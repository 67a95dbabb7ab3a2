import { MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { clientAuthSchema } from './client-auth';

/** `token.revoke`: RFC 7009 `POST oauth2/.../token/revoke` (am-spec §9). Replies `{}`. */
export const tokenRevokeRequestSchema = z.object({
  realm: realmPathSchema,
  token: z.string().max(MAX_TOKEN_LENGTH).optional(),
  tokenTypeHint: z.string().max(256).optional(),
  clientAuth: clientAuthSchema.optional(),
});
export type TokenRevokeRequest = z.infer<typeof tokenRevokeRequestSchema>;
export const tokenRevokeReplySchema = z.object({}).strict();
