/**
 * Parses a JSON payload the guest emitted. The guest can replace any builtin, so the host checks
 * the shape itself; a violation raises a TypeError inside the script.
 */
export function parseJsonObject(payload: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw new TypeError(`${what} received a value that is not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${what} expects an object`);
  return value as Record<string, unknown>;
}
