/**
 * `expires_in` as AM computes it per response (am-spec §1.4, §4.3, §7.3): whole seconds left
 * until `exp`, rounded down, never negative. A token issued in the current second answers
 * `lifetime - 1` (3599 for an hour) whatever the milliseconds: `iat` is the second it was issued
 * in, and part of that second has always passed.
 */
export function remainingSeconds(exp: number, nowMs = Date.now()): number {
  return Math.max(0, exp - Math.floor(nowMs / 1000) - 1);
}
