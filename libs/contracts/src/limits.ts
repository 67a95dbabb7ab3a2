/**
 * The length limits on presented tokens, one place for every message and service that reads them.
 *
 * MAX_TOKEN_LENGTH (16 KiB): any token or signed assertion a client presents (access and refresh
 * tokens, subject and actor tokens, client assertions, JWT bearer and ID-JAG assertions, DPoP
 * proofs, registration access tokens). Mandate's own JWTs stay under 4 KiB even with a deep `act`
 * chain; 16 KiB leaves room for other issuers' assertions while no request makes a service hash,
 * parse or verify megabytes.
 */
export const MAX_TOKEN_LENGTH = 16_384;

/**
 * MAX_FORM_VALUE_LENGTH (64 KiB): one value of a form parameter crossing the bus (the gateway's
 * body limit bounds the whole form); larger than any token, for fields such as a software statement.
 */
export const MAX_FORM_VALUE_LENGTH = 65_536;

/**
 * MAX_OPAQUE_TOKEN_LENGTH (512): opaque tokens Mandate issues are 27 characters (20 random bytes,
 * base64url, as AM's); a longer value that is not a JWT cannot be one of them, so no row is looked
 * up for it (512 leaves room should the reference length ever grow).
 */
export const MAX_OPAQUE_TOKEN_LENGTH = 512;

/**
 * IDEMPOTENCY_KEY_MIN..MAX (16..255 characters): an `Idempotency-Key` (issue 25 item 1). At least
 * 16, because a replayed registration answer carries the client secret, sealed at rest under a key
 * derived from the idempotency key, so the key's entropy protects it (clients send a UUID v4); at
 * most 255, as other services that honour the header allow.
 */
export const IDEMPOTENCY_KEY_MIN = 16;
export const IDEMPOTENCY_KEY_MAX = 255;
