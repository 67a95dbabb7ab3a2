import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticateReply, AuthenticateRequest } from '@mandate/contracts';
import { CrestError, USER_STORE, type UserStore } from '@mandate/oauth';
import { LOGGER, type Logger, issuerConfig, type IssuerConfig, RealmClient } from '@mandate/platform';
import { PasswordHasher } from '../passwords/password-hasher';
import { SsoSessionService } from '../sessions/sso-session.service';
import { passwordCallbacks } from './login-callbacks';
import { LockoutService } from './lockout.service';

/**
 * am-spec §2: username/password login. Every failure (unknown user, wrong password, locked
 * account) answers the same 401 `Login failure` after one argon2 verification, so neither the
 * body nor the time tells them apart.
 */
@Injectable()
export class LoginService {
  private readonly successUrl: string;

  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SsoSessionService,
    private readonly lockout: LockoutService,
    private readonly realms: RealmClient,
    @Inject(issuerConfig.token) issuer: IssuerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // am-spec §2.1: AM answers `/am/console` (its deployment path + /console).
    this.successUrl = `${new URL(issuer.AM_BASE_URL).pathname.replace(/\/+$/, '')}/console`;
  }

  async authenticate(request: AuthenticateRequest): Promise<AuthenticateReply> {
    const realm = (await this.realms.resolve(request.realm)).path;
    if (!request.credentials) return passwordCallbacks(); // am-spec §2.2
    const { username, password } = request.credentials;

    if (!username || (await this.lockout.isLocked(realm, username))) {
      await this.hasher.verify(undefined, password);
      this.audit(realm, username, username ? 'locked' : 'no-username');
      throw loginFailure();
    }
    const found = await this.users.credentials(realm, username);
    const verified = await this.hasher.verify(found?.passwordHash, password);
    if (!found || !verified) {
      await this.lockout.recordFailure(realm, username);
      this.audit(realm, username, found ? 'wrong-password' : 'unknown-user');
      throw loginFailure();
    }
    await this.lockout.reset(realm, username);
    const tokenId = await this.sessions.open(found.user);
    this.logger.info({ audit: 'authn.login', outcome: 'success', realm, username: found.user.username, userId: found.user.id }, 'login');
    return { tokenId, successUrl: this.successUrl, realm };
  }

  private audit(realm: string, username: string, reason: string) {
    this.logger.info({ audit: 'authn.login', outcome: 'failure', realm, username, reason }, 'login failed');
  }
}

/** am-spec §1.1 / §2.1: `{"code":401,"reason":"Unauthorized","message":"Login failure","detail":{"failureUrl":""}}`. */
function loginFailure(): CrestError {
  return new CrestError(401, 'Login failure', undefined, { failureUrl: '' });
}
