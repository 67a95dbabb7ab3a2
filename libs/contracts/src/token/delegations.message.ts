import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { crestResourceSchema } from '../registration/realm-config-admin.messages';

/**
 * Delegation governance (gateway → token-service), issue 20. Every request carries the caller's
 * SSO token; token-service decides who may see or revoke what (amadmin, the subject user, an
 * owner of the acting AI agent) and answers CREST errors otherwise.
 */
const caller = { realm: realmPathSchema, tokenId: z.string().max(4096).optional() };
const grantId = z.string().min(1).max(256);
const username = z.string().min(1).max(1024);
/** CREST paging of a list: `_pageSize` and the previous page's `_pagedResultsCookie`. */
const page = { pageSize: z.number().int().min(1).max(1000).optional(), cookie: z.string().min(1).max(4096).optional() };

/** `GET|DELETE json/.../delegations/{authGrantId}`: the grant's lineage tree (DELETE revokes it and every descendant first). */
export const delegationTreeRequestSchema = z.object({ ...caller, authGrantId: grantId });
export type DelegationTreeRequest = z.infer<typeof delegationTreeRequestSchema>;
export const delegationTreeReplySchema = crestResourceSchema;

/** `GET json/.../users/{username}/delegations`: the active delegated grants whose subject is that user, a page at a time. */
export const userDelegationsRequestSchema = z.object({ ...caller, username, ...page });
export type UserDelegationsRequest = z.infer<typeof userDelegationsRequestSchema>;

/** `GET json/.../realm-config/agents/AIAgent/{agent}/delegations`: the active grants whose act chain names the agent. */
export const agentDelegationsRequestSchema = z.object({ ...caller, agentId: z.string().min(1).max(255), ...page });
export type AgentDelegationsRequest = z.infer<typeof agentDelegationsRequestSchema>;

/** `POST json/.../users/{username}?_action=revokeTokens` (admin): every token of that subject and its descendants. */
export const userRevokeTokensRequestSchema = z.object({ ...caller, username });
export type UserRevokeTokensRequest = z.infer<typeof userRevokeTokensRequestSchema>;
export const userRevokeTokensReplySchema = z.object({ revokedGrants: z.number().int().min(0) });
