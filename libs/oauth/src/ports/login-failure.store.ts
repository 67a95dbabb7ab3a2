/** Failed-login counting per (realm, username) for lockout; shared by every replica. */
export interface LockoutPolicy {
  /** Failures within the window that lock the account. */
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export interface FailureCount {
  failures: number;
  /** Set when the account is locked. */
  lockedUntil?: Date;
  /** True only for the failure that locked it (one audit event per lockout). */
  lockedNow: boolean;
}

/** Storage port for login failures. Usernames compare ignoring ASCII case. */
export interface LoginFailureStore {
  lockedUntil(realm: string, username: string): Promise<Date | undefined>;
  /** Counts one failure atomically: a new window starts when the last one or a lockout has ended. */
  recordFailure(realm: string, username: string, policy: LockoutPolicy): Promise<FailureCount>;
  reset(realm: string, username: string): Promise<void>;
}
export const LOGIN_FAILURE_STORE = Symbol.for('mandate.port.login-failure-store');
