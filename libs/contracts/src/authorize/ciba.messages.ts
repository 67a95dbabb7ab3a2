import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { clientAuthSchema, formParamsSchema } from '../token/client-auth';

/**
 * OpenID CIBA Core 1.0 (issue 21). `token.ciba.authorize`: `POST oauth2/.../bc-authorize`, the
 * client authenticated as at the token endpoint (token-service), which then stores the request
 * with authorize-service (`authorize.ciba.create`). The CIBA grant polls it
 * (`authorize.ciba.poll`); the user decides through `authorize.approvals.*`.
 */
export const bcAuthorizeRequestSchema = z.object({
  realm: realmPathSchema,
  params: formParamsSchema,
  clientAuth: clientAuthSchema.optional(),
});
export type BcAuthorizeRequest = z.infer<typeof bcAuthorizeRequestSchema>;
/** CIBA §7.3: the acknowledgement, keys in the spec's order. */
export const bcAuthorizeReplySchema = z.object({ auth_req_id: z.string(), expires_in: z.number().int(), interval: z.number().int().optional() });
export type BcAuthorizeReply = z.infer<typeof bcAuthorizeReplySchema>;

export const cibaDeliveryModeSchema = z.enum(['poll', 'ping']);
export type CibaDeliveryMode = z.infer<typeof cibaDeliveryModeSchema>;

/** `authorize.ciba.create`: a request token-service has checked (client, user, scopes). */
export const cibaCreateRequestSchema = z.object({
  realm: realmPathSchema,
  clientId: z.string(),
  clientName: z.string().optional(),
  userId: z.string(),
  username: z.string(),
  scopes: z.array(z.string()),
  resources: z.array(z.string()).default([]),
  bindingMessage: z.string().nullable(),
  /** Seconds the request lives. */
  expiresIn: z.number().int().min(1),
  /** Seconds between polls the client must keep. */
  interval: z.number().int().min(1),
  deliveryMode: cibaDeliveryModeSchema,
  notificationEndpoint: z.string().nullable(),
  notificationToken: z.string().nullable(),
  /** Who acts for whom, when the request comes from an approval-gated token exchange; null for plain CIBA. */
  actors: z.array(z.string()).default([]),
});
export type CibaCreateRequest = z.infer<typeof cibaCreateRequestSchema>;
export const cibaCreateReplySchema = z.object({ authReqId: z.string(), expiresIn: z.number().int(), interval: z.number().int() });
export type CibaCreateReply = z.infer<typeof cibaCreateReplySchema>;

/** `authorize.ciba.poll`: the CIBA grant asks once per token request. */
export const cibaPollRequestSchema = z.object({ realm: realmPathSchema, clientId: z.string(), authReqId: z.string().min(1).max(1024) });
export type CibaPollRequest = z.infer<typeof cibaPollRequestSchema>;
export const cibaApprovedGrantSchema = z.object({
  clientId: z.string(),
  userId: z.string(),
  username: z.string(),
  scopes: z.array(z.string()),
  resources: z.array(z.string()),
  authTime: z.number().int(),
  authLevel: z.number().int().min(0),
  authGrantId: z.string(),
});
export type CibaApprovedGrant = z.infer<typeof cibaApprovedGrantSchema>;
export const cibaPollReplySchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('approved'), grant: cibaApprovedGrantSchema }),
  z.object({ outcome: z.enum(['pending', 'slow_down', 'denied', 'expired', 'invalid', 'consumed']), interval: z.number().int().optional() }),
]);
export type CibaPollReply = z.infer<typeof cibaPollReplySchema>;

/** A pending request as the user sees it. */
export const approvalSchema = z.object({
  _id: z.string(),
  clientId: z.string(),
  clientName: z.string().nullable(),
  bindingMessage: z.string().nullable(),
  scopes: z.array(z.string()),
  resources: z.array(z.string()),
  actors: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'denied', 'expired']),
  created: z.string(),
  expires: z.string(),
});
export type Approval = z.infer<typeof approvalSchema>;

/** `authorize.approvals.list`: the signed-in user's pending requests; `user` (from the URL) must be the session's user. */
export const approvalsListRequestSchema = z.object({ realm: realmPathSchema, ssoToken: z.string().optional(), user: z.string().optional() });
export type ApprovalsListRequest = z.infer<typeof approvalsListRequestSchema>;
export const approvalsListReplySchema = z.object({ username: z.string(), result: z.array(approvalSchema), resultCount: z.number().int() });
export type ApprovalsListReply = z.infer<typeof approvalsListReplySchema>;

export const approvalDecideRequestSchema = z.object({
  realm: realmPathSchema,
  ssoToken: z.string().optional(),
  user: z.string().optional(),
  id: z.string().min(1).max(1024),
  action: z.enum(['approve', 'deny']),
});
export type ApprovalDecideRequest = z.infer<typeof approvalDecideRequestSchema>;
export const approvalDecideReplySchema = approvalSchema;
