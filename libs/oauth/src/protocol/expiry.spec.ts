import { remainingSeconds } from './expiry';

describe('expires_in (am-spec §4.3)', () => {
  const iat = 1_780_000_000;

  it('answers 3599 for a fresh one-hour token, even exactly on a second boundary', () => {
    expect(remainingSeconds(iat + 3600, iat * 1000)).toBe(3599);
    expect(remainingSeconds(iat + 3600, iat * 1000 + 999)).toBe(3599);
  });

  it('counts down in whole seconds and never goes negative', () => {
    expect(remainingSeconds(iat + 3600, (iat + 10) * 1000 + 500)).toBe(3589);
    expect(remainingSeconds(iat + 3600, (iat + 4000) * 1000)).toBe(0);
  });
});
