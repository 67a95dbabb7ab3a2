import { Inject, Injectable } from '@nestjs/common';
import { USER_STORE, type User, type UserStore } from '@mandate/oauth';
import { isActive } from '../identities/user-status';
import { PasswordHasher } from '../passwords/password-hasher';
import { LockoutService } from './lockout.service';

export type PasswordCheckFailure = 'no-username' | 'locked' | 'unknown-user' | 'wrong-password' | 'inactive';
export type PasswordCheckResult = { ok: true; user: User } | { ok: false; reason: PasswordCheckFailure; userId?: string };

/**
 * The password check of a login (am-spec §2) and of the password grant (am-spec §4.6): one
 * argon2 verification whatever the outcome, so an unknown user, a wrong password and a locked
 * account take the same time; failures count towards the lockout, a success clears the count.
 * Opens no session: that is the caller's business.
 */
@Injectable()
export class PasswordCheck {
  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
  ) {}

  /** `realm` is a resolved realm path. */
  async check(realm: string, username: string, password: string): Promise<PasswordCheckResult> {
    if (!username || (await this.lockout.isLocked(realm, username))) {
      await this.hasher.verify(undefined, password);
      return { ok: false, reason: username ? 'locked' : 'no-username' };
    }
    const found = await this.users.credentials(realm, username);
    const verified = await this.hasher.verify(found?.passwordHash, password);
    if (!found || !verified) {
      await this.lockout.recordFailure(realm, username, found?.user.id);
      return found ? { ok: false, reason: 'wrong-password', userId: found.user.id } : { ok: false, reason: 'unknown-user' };
    }
    // am-spec §14: an inactive user (inetUserStatus Inactive) cannot authenticate.
    if (!isActive(found.user)) return { ok: false, reason: 'inactive', userId: found.user.id };
    await this.lockout.reset(realm, username);
    return { ok: true, user: found.user };
  }
}
