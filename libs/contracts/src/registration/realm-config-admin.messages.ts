import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { agentTypeSchema } from './client-view.message';
import { queryFilterSchema } from './query-filter';
import { idempotencyKeySchema } from './dcr.messages';

/**
 * Admin REST over NATS (gateway → registration-service). Every request carries the caller's
 * SSO token (`iPlanetDirectoryPro`); the service checks it is amadmin's (401/403 otherwise).
 * Bodies are the JSON the administrator sent, validated by the service.
 */
const admin = { realm: realmPathSchema, tokenId: z.string().max(4096).optional() };
const body = z.record(z.string(), z.unknown());
const resourceId = z.string().min(1).max(1024);

/** A CREST resource as written on the wire (`_id`, `_rev`, sections, ...). */
export const crestResourceSchema = z.record(z.string(), z.unknown());
export type CrestResource = z.infer<typeof crestResourceSchema>;

/** Reply of a PUT or create: `created` decides 201 or 200. */
export const crestWriteReplySchema = z.object({ created: z.boolean(), resource: crestResourceSchema });
export type CrestWriteReply = z.infer<typeof crestWriteReplySchema>;

/** CREST query result (am-spec §13.1). */
export const crestQueryReplySchema = z.object({
  result: z.array(crestResourceSchema),
  resultCount: z.number().int().min(0),
  /** The next page's cookie where the list pages (delegations), else null. */
  pagedResultsCookie: z.string().nullable(),
  totalPagedResultsPolicy: z.literal('NONE'),
  totalPagedResults: z.literal(-1),
  remainingPagedResults: z.literal(-1),
});
export type CrestQueryReply = z.infer<typeof crestQueryReplySchema>;

// realm-config/services/oauth-oidc
export const providerAdminReadRequestSchema = z.object(admin);
export type ProviderAdminReadRequest = z.infer<typeof providerAdminReadRequestSchema>;
export const providerAdminReplaceRequestSchema = z.object({ ...admin, body });
export type ProviderAdminReplaceRequest = z.infer<typeof providerAdminReplaceRequestSchema>;

// realm-config/agents/{OAuth2Client|AIAgent}/{id}
export const agentAdminReadRequestSchema = z.object({ ...admin, type: agentTypeSchema, id: resourceId });
export type AgentAdminReadRequest = z.infer<typeof agentAdminReadRequestSchema>;
export const agentAdminPutRequestSchema = z.object({ ...admin, type: agentTypeSchema, id: resourceId, body, createOnly: z.boolean() });
export type AgentAdminPutRequest = z.infer<typeof agentAdminPutRequestSchema>;
export const agentAdminDeleteRequestSchema = agentAdminReadRequestSchema;
export type AgentAdminDeleteRequest = AgentAdminReadRequest;
export const agentAdminQueryRequestSchema = z.object({ ...admin, type: agentTypeSchema, filter: queryFilterSchema });
export type AgentAdminQueryRequest = z.infer<typeof agentAdminQueryRequestSchema>;

// realm-config/agents/AIAgent/{agentId}/applications/{applicationId}
export const policyAdminReadRequestSchema = z.object({ ...admin, agentId: resourceId, applicationId: resourceId });
export type PolicyAdminReadRequest = z.infer<typeof policyAdminReadRequestSchema>;
export const policyAdminPutRequestSchema = z.object({ ...admin, agentId: resourceId, applicationId: resourceId, body, createOnly: z.boolean() });
export type PolicyAdminPutRequest = z.infer<typeof policyAdminPutRequestSchema>;
export const policyAdminDeleteRequestSchema = policyAdminReadRequestSchema;
export type PolicyAdminDeleteRequest = PolicyAdminReadRequest;
export const policyAdminQueryRequestSchema = z.object({ ...admin, agentId: resourceId, filter: queryFilterSchema });
export type PolicyAdminQueryRequest = z.infer<typeof policyAdminQueryRequestSchema>;

// json/scripts
/** `idempotencyKey`: a retry with it answers the first script (issue 25 item 1). */
export const scriptAdminCreateRequestSchema = z.object({ ...admin, body, idempotencyKey: idempotencyKeySchema.optional() });
export type ScriptAdminCreateRequest = z.infer<typeof scriptAdminCreateRequestSchema>;
export const scriptAdminReadRequestSchema = z.object({ ...admin, id: resourceId });
export type ScriptAdminReadRequest = z.infer<typeof scriptAdminReadRequestSchema>;
export const scriptAdminPutRequestSchema = z.object({ ...admin, id: resourceId, body, createOnly: z.boolean() });
export type ScriptAdminPutRequest = z.infer<typeof scriptAdminPutRequestSchema>;
export const scriptAdminDeleteRequestSchema = scriptAdminReadRequestSchema;
export type ScriptAdminDeleteRequest = ScriptAdminReadRequest;
export const scriptAdminQueryRequestSchema = z.object({ ...admin, filter: queryFilterSchema });
export type ScriptAdminQueryRequest = z.infer<typeof scriptAdminQueryRequestSchema>;

// realm-config/services/oauth-oidc/initialAccessTokens (RFC 7591 §3 initial access tokens)
/** `idempotencyKey`: a retry with it answers the first answer, token included (issue 25 item 1). */
export const initialTokenAdminCreateRequestSchema = z.object({ ...admin, body, idempotencyKey: idempotencyKeySchema.optional() });
export type InitialTokenAdminCreateRequest = z.infer<typeof initialTokenAdminCreateRequestSchema>;
export const initialTokenAdminQueryRequestSchema = z.object(admin);
export type InitialTokenAdminQueryRequest = z.infer<typeof initialTokenAdminQueryRequestSchema>;
export const initialTokenAdminDeleteRequestSchema = z.object({ ...admin, id: resourceId });
export type InitialTokenAdminDeleteRequest = z.infer<typeof initialTokenAdminDeleteRequestSchema>;
