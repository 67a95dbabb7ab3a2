import { Inject, Injectable } from '@nestjs/common';
import { LOGIN_FAILURE_STORE, type LockoutPolicy, type LoginFailureStore } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger } from '@mandate/platform';
import { authnConfig, type AuthnConfig } from '../config/authn.config';

/**
 * Brute-force protection: after N failed logins of one account within a window (AM: 5 in
 * 5 min) the account refuses logins for the lockout duration. Counted in Postgres per
 * (realm, username), whether or not the user exists, so every replica sees the same count
 * and a lockout reveals nothing about which usernames exist.
 */
@Injectable()
export class LockoutService {
  private readonly policy: LockoutPolicy;

  constructor(
    @Inject(LOGIN_FAILURE_STORE) private readonly failures: LoginFailureStore,
    @Inject(authnConfig.token) config: AuthnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {
    this.policy = {
      maxFailures: config.LOGIN_LOCKOUT_ATTEMPTS,
      windowSeconds: config.LOGIN_LOCKOUT_WINDOW_MINUTES * 60,
      lockoutSeconds: config.LOGIN_LOCKOUT_DURATION_MINUTES * 60,
    };
  }

  async isLocked(realm: string, username: string): Promise<boolean> {
    return (await this.failures.lockedUntil(realm, username)) !== undefined;
  }

  /** `userId`: the account's, when it exists (the audit event's subject; an unknown name is not recorded). */
  async recordFailure(realm: string, username: string, userId?: string): Promise<void> {
    const count = await this.failures.recordFailure(realm, username, this.policy);
    // One audit event per lockout (never the password).
    if (count.lockedNow) {
      this.logger.warn({ audit: 'authn.lockout', realm, username, lockedUntil: count.lockedUntil?.toISOString() }, 'account locked after repeated login failures');
      await this.audit.record({ realm, event: 'lockout', outcome: 'success', subject: userId, reason: `locked until ${count.lockedUntil?.toISOString() ?? 'unknown'}` });
    }
  }

  /** A successful login clears the count. */
  reset(realm: string, username: string): Promise<void> {
    return this.failures.reset(realm, username);
  }
}
