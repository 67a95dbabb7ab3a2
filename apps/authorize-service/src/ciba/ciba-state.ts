import type { CibaRequestChange, CibaRequestRecord } from '@mandate/oauth';

/** CIBA Core 1.0 §11: each slow_down adds this many seconds to the interval the client must keep. */
export const SLOW_DOWN_STEP_S = 5;

export type PollOutcome = 'approved' | 'pending' | 'slow_down' | 'denied' | 'expired' | 'consumed';

/**
 * One poll of the token endpoint (CIBA §10.1, §11), decided on the stored request:
 * pending → approved/denied/expired by the user or the clock; an approved request is consumed
 * by the first poll that sees it, every later one is `consumed` (invalid_grant). A poll sooner
 * than `interval` seconds after the previous one is `slow_down`, and the interval grows by 5 s.
 */
export function decidePoll(r: Pick<CibaRequestRecord, 'status' | 'expiresAt' | 'interval' | 'lastPolledAt' | 'consumedAt'>, now: Date): { outcome: PollOutcome; change: CibaRequestChange } {
  if (r.consumedAt) return { outcome: 'consumed', change: {} };
  if (r.status === 'denied') return { outcome: 'denied', change: { lastPolledAt: now } };
  if (r.status === 'expired' || r.expiresAt.getTime() <= now.getTime()) {
    return { outcome: 'expired', change: r.status === 'expired' ? {} : { status: 'expired' } };
  }
  if (r.lastPolledAt && now.getTime() - r.lastPolledAt.getTime() < r.interval * 1000) {
    return { outcome: 'slow_down', change: { interval: r.interval + SLOW_DOWN_STEP_S, lastPolledAt: now } };
  }
  if (r.status === 'approved') return { outcome: 'approved', change: { consumedAt: now, lastPolledAt: now } };
  return { outcome: 'pending', change: { lastPolledAt: now } };
}

export type DecideOutcome = 'approved' | 'denied' | 'expired' | 'decided';

/** The user's answer: only a pending, unexpired request can be approved or denied, once. */
export function decideApproval(r: Pick<CibaRequestRecord, 'status' | 'expiresAt'>, action: 'approve' | 'deny', now: Date): { outcome: DecideOutcome; change: CibaRequestChange } {
  if (r.status === 'expired' || (r.status === 'pending' && r.expiresAt.getTime() <= now.getTime())) {
    return { outcome: 'expired', change: r.status === 'expired' ? {} : { status: 'expired' } };
  }
  if (r.status !== 'pending') return { outcome: 'decided', change: {} };
  const status = action === 'approve' ? 'approved' : 'denied';
  return { outcome: status, change: { status, decidedAt: now } };
}
