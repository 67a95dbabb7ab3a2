import { sha256Base64url, timingSafeEqualString } from './hashing';

/** RFC 7636 §4.6: does `verifier` match the stored challenge under `method`? Constant time. */
export function verifyCodeVerifier(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const derived = method === 'S256' ? sha256Base64url(verifier) : verifier;
  return timingSafeEqualString(derived, challenge);
}
