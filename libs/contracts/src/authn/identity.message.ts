import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';
import { queryFilterSchema } from '../registration/query-filter';

/**
 * `authn.users.*` and `authn.groups.*`: AM's CREST identity endpoints (am-spec §14). Each
 * request carries the caller's SSO token; authn-service decides who may do what.
 */
const caller = {
  realm: realmPathSchema,
  tokenId: z.string().min(1).max(4096).optional(),
};
const resourceId = z.string().min(1).max(1024);
const body = z.record(z.string(), z.unknown());

/** `POST ...?_action=create`, or `PUT .../{id}` with `If-None-Match: *` (then `id` is set). */
export const identityCreateRequestSchema = z.object({ ...caller, id: resourceId.optional(), body });
export type IdentityCreateRequest = z.infer<typeof identityCreateRequestSchema>;

export const identityReadRequestSchema = z.object({ ...caller, id: resourceId });
export type IdentityReadRequest = z.infer<typeof identityReadRequestSchema>;

/** `PUT .../{id}`; `ifMatch` is the `If-Match` header (`*` or a `_rev`). */
export const identityReplaceRequestSchema = z.object({ ...caller, id: resourceId, body, ifMatch: z.string().optional() });
export type IdentityReplaceRequest = z.infer<typeof identityReplaceRequestSchema>;

export const identityDeleteRequestSchema = z.object({ ...caller, id: resourceId, ifMatch: z.string().optional() });
export type IdentityDeleteRequest = z.infer<typeof identityDeleteRequestSchema>;

/** `GET ...?_queryFilter=...`, parsed by the gateway (`_queryId=*` arrives as `true`). */
export const identityQueryRequestSchema = z.object({ ...caller, filter: queryFilterSchema });
export type IdentityQueryRequest = z.infer<typeof identityQueryRequestSchema>;

/** A CREST resource: `_id`, `_rev` and the attributes. Never a password. */
export const identityResourceSchema = z.object({ _id: z.string(), _rev: z.string() }).catchall(z.unknown());
export type IdentityResource = z.infer<typeof identityResourceSchema>;

export const identityQueryReplySchema = z.object({
  result: z.array(identityResourceSchema),
  resultCount: z.number().int().min(0),
  pagedResultsCookie: z.null(),
  totalPagedResultsPolicy: z.literal('NONE'),
  totalPagedResults: z.literal(-1),
  remainingPagedResults: z.literal(-1),
});
export type IdentityQueryReply = z.infer<typeof identityQueryReplySchema>;
