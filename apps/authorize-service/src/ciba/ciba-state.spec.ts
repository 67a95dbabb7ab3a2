import { SLOW_DOWN_STEP_S, decideApproval, decidePoll } from './ciba-state';

const t0 = new Date('2026-12-03T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const pending = { status: 'pending' as const, expiresAt: at(120), interval: 5, lastPolledAt: null, consumedAt: null };

describe('CIBA request state machine', () => {
  it('answers pending while the user has not decided, and remembers the poll', () => {
    expect(decidePoll(pending, at(1))).toEqual({ outcome: 'pending', change: { lastPolledAt: at(1) } });
  });

  it('answers slow_down to a poll sooner than the interval, and grows the interval by 5 s', () => {
    const r = { ...pending, lastPolledAt: at(10) };
    expect(decidePoll(r, at(12))).toEqual({ outcome: 'slow_down', change: { interval: 5 + SLOW_DOWN_STEP_S, lastPolledAt: at(12) } });
    expect(decidePoll({ ...r, interval: 10, lastPolledAt: at(12) }, at(21)).outcome).toBe('slow_down');
    expect(decidePoll({ ...r, interval: 10, lastPolledAt: at(12) }, at(22)).outcome).toBe('pending');
  });

  it('polling exactly at the interval is allowed', () => {
    expect(decidePoll({ ...pending, lastPolledAt: at(10) }, at(15)).outcome).toBe('pending');
  });

  it('hands an approved request out once, then answers consumed', () => {
    const approved = { ...pending, status: 'approved' as const };
    const first = decidePoll(approved, at(3));
    expect(first).toEqual({ outcome: 'approved', change: { consumedAt: at(3), lastPolledAt: at(3) } });
    expect(decidePoll({ ...approved, ...first.change }, at(60)).outcome).toBe('consumed');
  });

  it('answers denied after a denial, and expired once the request has lived its time', () => {
    expect(decidePoll({ ...pending, status: 'denied' }, at(2)).outcome).toBe('denied');
    expect(decidePoll(pending, at(120))).toEqual({ outcome: 'expired', change: { status: 'expired' } });
    expect(decidePoll({ ...pending, status: 'approved' }, at(121)).outcome).toBe('expired');
    expect(decidePoll({ ...pending, status: 'expired' }, at(200))).toEqual({ outcome: 'expired', change: {} });
  });

  it('lets the user decide a pending request once, never an expired one', () => {
    expect(decideApproval(pending, 'approve', at(5))).toEqual({ outcome: 'approved', change: { status: 'approved', decidedAt: at(5) } });
    expect(decideApproval(pending, 'deny', at(5))).toEqual({ outcome: 'denied', change: { status: 'denied', decidedAt: at(5) } });
    expect(decideApproval({ ...pending, status: 'approved' }, 'deny', at(6)).outcome).toBe('decided');
    expect(decideApproval(pending, 'approve', at(130))).toEqual({ outcome: 'expired', change: { status: 'expired' } });
  });
});
