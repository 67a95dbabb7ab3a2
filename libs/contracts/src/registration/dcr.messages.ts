import { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_MIN, MAX_TOKEN_LENGTH } from '../limits';
import { z } from 'zod';
import { realmPathSchema } from '../realm/realm-resolve.message';

/**
 * Dynamic client registration (am-spec §11) over NATS (gateway → registration-service).
 * `endpoint` names the URL the client used: `register` (OAuth2 client) or `aiagent/register`
 * (AI agent); it decides the registry type and the `registration_client_uri`. `body` is the JSON
 * the client sent, validated by the service (RFC 7591 `invalid_client_metadata`).
 * `accessToken` is the Bearer token: an initial access token on POST (when open registration is
 * off), the registration access token on the RFC 7592 verbs.
 */
export const dcrEndpointSchema = z.enum(['register', 'aiagent/register']);
export type DcrEndpoint = z.infer<typeof dcrEndpointSchema>;

/** Parameter and header values are arrays, as the DCR script's `requestProperties` sees them (am-spec §11.5). */
const multiMap = z.record(z.string(), z.array(z.string()));
const common = {
  realm: realmPathSchema,
  endpoint: dcrEndpointSchema,
  accessToken: z.string().min(1).max(MAX_TOKEN_LENGTH).optional(),
  params: multiMap,
  headers: multiMap,
};
const clientId = z.string().min(1).max(1024);

/** A create's `Idempotency-Key` (issue 25 item 1), unquoted by the gateway. */
export const idempotencyKeySchema = z.string().min(IDEMPOTENCY_KEY_MIN).max(IDEMPOTENCY_KEY_MAX);

/**
 * `POST .../register` and `POST .../aiagent/register` (RFC 7591). `idempotencyKey` is the
 * request's `Idempotency-Key`, unquoted by the gateway: a retry with it answers the first answer.
 */
export const dcrRegisterRequestSchema = z.object({ ...common, body: z.unknown(), idempotencyKey: idempotencyKeySchema.optional() });
export type DcrRegisterRequest = z.infer<typeof dcrRegisterRequestSchema>;

/** `GET ...register?client_id=` (RFC 7592 §2.1). */
export const dcrReadRequestSchema = z.object({ ...common, clientId });
export type DcrReadRequest = z.infer<typeof dcrReadRequestSchema>;

/** `PUT ...register?client_id=` (RFC 7592 §2.2). */
export const dcrUpdateRequestSchema = z.object({ ...common, clientId, body: z.unknown() });
export type DcrUpdateRequest = z.infer<typeof dcrUpdateRequestSchema>;

/** `DELETE ...register?client_id=` (RFC 7592 §2.3), answered 204. */
export const dcrDeleteRequestSchema = dcrReadRequestSchema;
export type DcrDeleteRequest = DcrReadRequest;

/** The client information response (RFC 7591 §3.2.1): snake_case wire members plus AM's own. */
export const dcrClientProfileSchema = z.record(z.string(), z.unknown());
export type DcrClientProfile = z.infer<typeof dcrClientProfileSchema>;

export const dcrDeleteReplySchema = z.object({ deleted: z.literal(true) });
export type DcrDeleteReply = z.infer<typeof dcrDeleteReplySchema>;
