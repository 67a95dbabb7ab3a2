import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { clientAuthSchema } from '../token/client-auth';

/**
 * `introspection.introspect`: RFC 7662 `POST oauth2/.../introspect` (am-spec §7), gateway →
 * introspection-service. The caller must authenticate; `token` is checked by the service so
 * that a missing one answers AM's `Missing parameters: token` after client authentication.
 */
export const introspectRequestSchema = z.object({
  realm: realmPathSchema,
  token: z.string().max(65536).optional(),
  /** RFC 7662 §2.1: a hint only; the server looks the token up whatever it says. */
  tokenTypeHint: z.string().max(256).optional(),
  clientAuth: clientAuthSchema.optional(),
});
export type IntrospectRequest = z.infer<typeof introspectRequestSchema>;

/**
 * An active token in AM's plain JSON shape (am-spec §7.3). Key order is AM's and is part of the
 * shape: zod writes an object's known keys in the order declared here. `aud`, `nbf`, `iat` and
 * `jti` are not part of it (am-spec §7.3: `aud` omitted in the plain JSON mode).
 */
export const activeIntrospectionSchema = z.object({
  active: z.literal(true),
  /** Space-separated, unlike the array inside tokens. */
  scope: z.string(),
  realm: z.string(),
  client_id: z.string(),
  /** Deprecated twin of `username` (am-spec §7.3); both equal `sub`. */
  user_id: z.string(),
  username: z.string(),
  /** `Bearer` for access tokens, `refresh_token` for refresh tokens. */
  token_type: z.string(),
  exp: z.number().int(),
  sub: z.string(),
  iss: z.string(),
  subname: z.string(),
  auth_level: z.number().int().optional(),
  authGrantId: z.string(),
  act: z.record(z.string(), z.unknown()).optional(),
  may_act: z.record(z.string(), z.unknown()).optional(),
  /** RFC 7662 §2.2 / RFC 8707: only for a token bound to named resources (AM's plain shape has none). */
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  /** RFC 9449 §6.2: a DPoP-bound token's key thumbprint (`token_type` is then `DPoP`). */
  cnf: z.object({ jkt: z.string() }).optional(),
  auditTrackingId: z.string(),
  /** Whole seconds left, computed per call. */
  expires_in: z.number().int().min(0),
});
export type ActiveIntrospection = z.infer<typeof activeIntrospectionSchema>;

/** Inactive, unknown, expired, revoked, or not the caller's to see: only `{"active": false}` (RFC 7662 §2.2). */
export const inactiveIntrospectionSchema = z.object({ active: z.literal(false) }).strict();

export const introspectReplySchema = z.union([activeIntrospectionSchema, inactiveIntrospectionSchema]);
export type IntrospectReply = z.infer<typeof introspectReplySchema>;
