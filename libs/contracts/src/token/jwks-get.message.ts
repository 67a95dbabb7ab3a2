import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

export const jwksGetRequestSchema = z.object({ realm: realmPathSchema });
export type JwksGetRequest = z.infer<typeof jwksGetRequestSchema>;

/** Members that would make a published JWK private or symmetric (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** A public signing key as published at `connect/jwk_uri` (am-spec §10.2). */
export const publicJwkSchema = z
  .object({
    kty: z.enum(['RSA', 'EC']),
    kid: z.string().min(1),
    use: z.literal('sig'),
    alg: z.string().min(1),
  })
  .passthrough()
  .refine((jwk) => PRIVATE_MEMBERS.every((m) => !(m in jwk)), 'a published JWK carries no private or symmetric member');
export type PublicJwk = z.infer<typeof publicJwkSchema>;

export const jwksGetReplySchema = z.object({ keys: z.array(publicJwkSchema) });
export type JwksGetReply = z.infer<typeof jwksGetReplySchema>;
