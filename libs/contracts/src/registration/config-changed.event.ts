import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/** What changed: an OAuth2 client or AI agent, the provider settings, a script, or an application policy. */
export const configKindSchema = z.enum(['client', 'provider', 'script', 'policy']);
export type ConfigKind = z.infer<typeof configKindSchema>;

/**
 * `registration.config.changed` (event, fan-out to every instance of every service):
 * published by registration-service after every committed write. `id` is the client id,
 * `oauth-oidc` for the provider, the script `_id`, or `<agentId>/<applicationId>` for a policy.
 * Services that cache configuration drop the entry (or, for provider and script changes,
 * everything that was derived from them) when they receive it.
 */
export const configChangedEventSchema = z.object({
  realm: realmPathSchema,
  kind: configKindSchema,
  id: z.string().min(1),
});
export type ConfigChangedEvent = z.infer<typeof configChangedEventSchema>;
