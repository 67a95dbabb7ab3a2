import { clientIdSchema, realmPathSchema } from '@mandate/contracts';
import { z } from 'zod';

const body = z.record(z.string(), z.unknown());
const perRealm = <T extends z.ZodType>(value: T) => z.record(realmPathSchema, value).default({});

/** A script as `POST /scripts?_action=create` takes it, or with its source as plain text. */
const importedScript = z
  .object({
    /** Fixed `_id`, so that configuration can reference it by id (S2 uses `4478ca08-…`). */
    _id: z.string().uuid().optional(),
    name: z.string().min(1),
    /** base64 of the source, as on the wire ... */
    script: z.string().optional(),
    /** ... or the source itself. */
    source: z.string().optional(),
  })
  .passthrough()
  .refine((s) => (s.script === undefined) !== (s.source === undefined), 'give either script (base64) or source (text)');

/**
 * The declarative import file (`MANDATE_IMPORT`, issue 4 point 7). Every key is optional;
 * everything per realm is keyed by the realm path (`/alpha`).
 *
 * ```json
 * {
 *   "realms":    ["/alpha"],
 *   "users":     {"/alpha": [{"username": "bjensen", "userpassword": "...", ...}]},    // authn-service
 *   "groups":    {"/alpha": [{"username": "hr", "uniqueMember": ["bjensen"]}]},       // authn-service
 *   "scripts":   {"/alpha": [{"_id"?: "<uuid>", "name", "source" | "script", "context", "language"?}]},
 *   "providers": {"/alpha": {"advancedOAuth2Config": {...}, ...}},                   // PUT realm-config/services/oauth-oidc
 *   "clients":   {"/alpha": {"hr-client": {"coreOAuth2ClientConfig": {...}, ...}}},  // PUT .../OAuth2Client/{id}
 *   "agents":    {"/alpha": {"hr-agent": {...}}},                                    // PUT .../AIAgent/{id}
 *   "policies":  {"/alpha": {"<agentId>": {"<applicationId>": {"subjects", "subjectGroups", "permissions"}}}}
 * }
 * ```
 */
export const importFileSchema = z.object({
  realms: z.array(z.union([realmPathSchema, z.object({ path: realmPathSchema }).transform((r) => r.path)])).default([]),
  /** authn-service's part; registration-service leaves it alone. */
  users: z.unknown().optional(),
  groups: z.unknown().optional(),
  scripts: perRealm(z.array(importedScript)),
  providers: perRealm(body),
  clients: perRealm(z.record(clientIdSchema, body)),
  agents: perRealm(z.record(clientIdSchema, body)),
  policies: perRealm(z.record(clientIdSchema, z.record(clientIdSchema, body))),
});
export type ImportFile = z.infer<typeof importFileSchema>;
