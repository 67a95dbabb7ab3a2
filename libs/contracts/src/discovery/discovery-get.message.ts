import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

export const discoveryGetRequestSchema = z.object({
  realm: realmPathSchema,
  /** `openid` → OpenID Connect Discovery 1.0; `oauth` → RFC 8414. */
  document: z.enum(['openid', 'oauth']),
});
export type DiscoveryGetRequest = z.infer<typeof discoveryGetRequestSchema>;

export const discoveryDocumentSchema = z
  .object({
    issuer: z.string().url(),
    authorization_endpoint: z.string().url(),
    token_endpoint: z.string().url(),
    jwks_uri: z.string().url(),
  })
  .passthrough();
export type DiscoveryDocument = z.infer<typeof discoveryDocumentSchema>;
