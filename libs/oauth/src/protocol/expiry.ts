/**
 * `expires_in` as AM computes it per response (am-spec §1.4, §4.3, §7.3): whole seconds left
 * until `exp`, never negative (a fresh one-hour token answers 3599).
 */
export function remainingSeconds(exp: number, nowMs = Date.now()): number {
  return Math.max(0, exp - Math.ceil(nowMs / 1000));
}
