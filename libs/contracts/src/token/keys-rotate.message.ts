import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * `token.keys.rotate` (gateway → token-service): the admin action
 * `POST json/realms/root/realms/{realm}/realm-config/keys?_action=rotate`, amadmin's SSO token
 * in `tokenId` (401/403 otherwise).
 */
export const keysRotateRequestSchema = z.object({ realm: realmPathSchema, tokenId: z.string().max(4096).optional() });
export type KeysRotateRequest = z.infer<typeof keysRotateRequestSchema>;

/** The realm's new active signing key: new tokens carry this `kid`. */
export const keysRotateReplySchema = z.object({ kid: z.string().min(1), alg: z.enum(['RS256', 'ES256']) });
export type KeysRotateReply = z.infer<typeof keysRotateReplySchema>;

/**
 * `token.keys.rotated` (event, fan-out to every instance): published by the token-service
 * replica that rotated a realm's signing key, so every replica drops its cached key ring for
 * the realm and signs with the new key at once. A lost event is covered by the rings' expiry
 * (the retired key stays published that much longer).
 */
export const keysRotatedEventSchema = z.object({ realm: realmPathSchema, kid: z.string().min(1) });
export type KeysRotatedEvent = z.infer<typeof keysRotatedEventSchema>;
