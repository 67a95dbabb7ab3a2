import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `authorize.request`: the gateway's `GET|POST oauth2/.../authorize` (am-spec §3, contract §3.9).
 * The gateway only collects: every parameter as sent (query and form merged), the names sent
 * more than once, the caller's SSO token, and whether the caller is a browser. authorize-service
 * decides, and answers what the gateway should write.
 */
export const authorizeRequestSchema = z.object({
  realm: realmPathSchema,
  /** Every parameter sent once (query and form body merged), e.g. `{response_type: 'code', client_id: 'hr-client'}`. */
  params: z
    .record(z.string().max(128), z.string().max(8192))
    .refine((p) => Object.keys(p).length <= 64, 'at most 64 parameters'),
  /** RFC 6749 §3.1: names sent more than once (their values are not in `params`). */
  repeated: z.array(z.string().max(128)).max(64),
  /** RFC 8707 §2: every `resource` value, in order (the one parameter that may repeat). */
  resources: z.array(z.string().max(8192)).max(64).default([]),
  /** The `iPlanetDirectoryPro` header or cookie, when sent. */
  ssoToken: z.string().min(1).max(4096).optional(),
  /** The caller accepts HTML (`Accept: text/html`): errors and consent become pages. */
  browser: z.boolean(),
});
export type AuthorizeRequest = z.infer<typeof authorizeRequestSchema>;

/** The client, as the consent page shows it. */
export const consentPromptSchema = z.object({
  clientId: z.string(),
  /** The client's display name (first `clientName`), or its id. */
  clientName: z.string(),
  scopes: z.array(z.string()),
  /**
   * A client ID metadata document's client: the host of its `client_id` URL (what Mandate
   * fetched, so what the user can trust) and of the document's `client_uri`, when it has one.
   */
  clientIdHost: z.string().optional(),
  clientUriHost: z.string().optional(),
  /** The signed-in user the consent is asked of. */
  username: z.string(),
});
export type ConsentPrompt = z.infer<typeof consentPromptSchema>;

/**
 * What the gateway writes:
 * - `redirect`: 302 to `location` (the client's redirect URI with `code` or `error`, plus `state` and `iss`);
 * - `login`: no usable session; 302 to the login page with a `goto` back to this request;
 * - `consent`: the consent page (browsers only), posting every parameter back with `csrf` and `decision`;
 * - `refused`: an error that must not redirect (unknown client, unregistered redirect URI, bad
 *   CSRF token, consent required from a non-browser): an HTML page for browsers, OAuth JSON otherwise.
 */
export const authorizeReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('redirect'), location: z.string() }),
  z.object({ kind: z.literal('login') }),
  z.object({ kind: z.literal('consent'), prompt: consentPromptSchema }),
  z.object({ kind: z.literal('refused'), status: z.number().int().min(400).max(499), error: z.string(), errorDescription: z.string() }),
]);
export type AuthorizeReply = z.infer<typeof authorizeReplySchema>;
