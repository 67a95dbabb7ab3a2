import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** An AI agent's application policy (contract §2, am-spec §5.9). */
export const applicationPolicyViewSchema = z.object({
  agentId: z.string(),
  /** The resource application's client id: the `audience` of the exchange. */
  applicationId: z.string(),
  /** Usernames or user ids the agent may act for. */
  subjects: z.array(z.string()),
  /** Group names whose members the agent may act for. */
  subjectGroups: z.array(z.string()),
  /** As configured; empty means every scope of the resource application. */
  permissions: z.array(z.string()),
  /** What the agent may request: `permissions`, or the application's scopes when those are empty. */
  effectivePermissions: z.array(z.string()),
});
export type ApplicationPolicyView = z.infer<typeof applicationPolicyViewSchema>;

/** `registration.policy.get`: the policy of `agentId` for the application `audience`, or null. */
export const policyGetRequestSchema = z.object({
  realm: realmPathSchema,
  agentId: z.string().min(1).max(255),
  audience: z.string().min(1).max(255),
});
export type PolicyGetRequest = z.infer<typeof policyGetRequestSchema>;
export const policyGetReplySchema = applicationPolicyViewSchema.nullable();
