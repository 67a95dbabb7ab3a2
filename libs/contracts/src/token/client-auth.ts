import { MAX_FORM_VALUE_LENGTH, MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The client credentials the gateway found on a request (am-spec §1.2), unchecked: HTTP Basic
 * (`client_secret_basic`, URL-decoded), the form body (`client_secret_post`), a signed JWT
 * (`private_key_jwt`, RFC 7523 §2.2: `assertion`), or only a `client_id` (public clients). The
 * owning service authenticates them.
 */
export const clientAuthSchema = z.object({
  method: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']),
  /** Up to 2048 characters: a client ID metadata document's URL. */
  clientId: z.string().min(1).max(2048),
  secret: z.string().max(4096).optional(),
  /** `private_key_jwt`: the compact JWS of `client_assertion`. */
  assertion: z.string().max(MAX_TOKEN_LENGTH).optional(),
});
export type ClientAuth = z.infer<typeof clientAuthSchema>;

/** Form parameters as parsed: a repeated parameter is an array (RFC 8693 `audience` may repeat). */
export const formParamsSchema = z.record(z.string(), z.union([z.string().max(MAX_FORM_VALUE_LENGTH), z.array(z.string().max(MAX_FORM_VALUE_LENGTH)).max(100)]));
export type FormParams = z.infer<typeof formParamsSchema>;
