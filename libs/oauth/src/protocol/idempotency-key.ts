import { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_MIN } from '@mandate/contracts';

/**
 * `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header §2): a Structured Field String,
 * `"8e03978e-40d5-43e8-bc93-6894a57f9324"`. The bare form (`Idempotency-Key: 8e03...`) that most
 * clients send is accepted too. Hand-written: the value is one sf-string and no structured-field
 * parser on the registry is better kept than these lines.
 */
const VISIBLE = /^[\x21-\x7e]+$/;

/** The key, undefined when the header is absent; a string naming the problem when malformed. */
export function readIdempotencyKey(header: string | string[] | undefined): { key?: string; problem?: string } {
  if (header === undefined) return {};
  if (Array.isArray(header)) {
    if (header.length !== 1) return { problem: 'Idempotency-Key: send one key' };
    header = header[0];
  }
  const raw = header.trim();
  let key = raw;
  if (raw.startsWith('"')) {
    const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(raw);
    if (!quoted) return { problem: 'Idempotency-Key: not a valid quoted string' };
    key = quoted[1].replace(/\\(["\\])/g, '$1');
  }
  if (key.length < IDEMPOTENCY_KEY_MIN || key.length > IDEMPOTENCY_KEY_MAX || !VISIBLE.test(key)) {
    return { problem: `Idempotency-Key: ${IDEMPOTENCY_KEY_MIN} to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters (send a UUID)` };
  }
  return { key };
}
