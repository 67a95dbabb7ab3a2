import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `authn.authenticate`: AM's `/json/authenticate` (am-spec §2). The gateway parses either the
 * zero-page headers or the filled callbacks into `credentials`; without them the reply is the
 * callbacks to fill.
 */
export const authenticateRequestSchema = z.object({
  realm: realmPathSchema,
  credentials: z.object({ username: z.string().max(1024), password: z.string().max(4096) }).optional(),
});
export type AuthenticateRequest = z.infer<typeof authenticateRequestSchema>;

/** `{tokenId, successUrl, realm}`: the SSO token, also set as the `iPlanetDirectoryPro` cookie. */
export const loginSuccessSchema = z.object({
  tokenId: z.string().min(1),
  successUrl: z.string(),
  realm: realmPathSchema,
});
export type LoginSuccess = z.infer<typeof loginSuccessSchema>;

const nameValueSchema = z.object({ name: z.string(), value: z.unknown() });
export const authCallbackSchema = z.object({
  type: z.string(),
  output: z.array(nameValueSchema),
  input: z.array(nameValueSchema),
});
export type AuthCallback = z.infer<typeof authCallbackSchema>;

/** am-spec §2.2: what the client must fill (NameCallback, PasswordCallback). */
export const callbackRequirementsSchema = z.object({
  authId: z.string().min(1),
  template: z.string(),
  stage: z.string(),
  header: z.string(),
  callbacks: z.array(authCallbackSchema),
});
export type CallbackRequirements = z.infer<typeof callbackRequirementsSchema>;

export const authenticateReplySchema = z.union([loginSuccessSchema, callbackRequirementsSchema]);
export type AuthenticateReply = z.infer<typeof authenticateReplySchema>;
