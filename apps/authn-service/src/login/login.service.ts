import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticateReply, AuthenticateRequest } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, issuerConfig, type IssuerConfig, RealmClient } from '@mandate/platform';
import { SsoSessionService } from '../sessions/sso-session.service';
import { passwordCallbacks } from './login-callbacks';
import { PasswordCheck } from './password-check.service';

/**
 * am-spec §2: username/password login. Every failure (unknown user, wrong password, locked or
 * inactive account) answers the same 401 `Login failure` after one argon2 verification, so
 * neither the body nor the time tells them apart.
 */
@Injectable()
export class LoginService {
  private readonly successUrl: string;

  constructor(
    private readonly passwords: PasswordCheck,
    private readonly sessions: SsoSessionService,
    private readonly realms: RealmClient,
    @Inject(issuerConfig.token) issuer: IssuerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {
    // am-spec §2.1: AM answers `/am/console` (its deployment path + /console).
    this.successUrl = `${new URL(issuer.AM_BASE_URL).pathname.replace(/\/+$/, '')}/console`;
  }

  async authenticate(request: AuthenticateRequest): Promise<AuthenticateReply> {
    const realm = (await this.realms.resolve(request.realm)).path;
    if (!request.credentials) return passwordCallbacks(); // am-spec §2.2
    const { username, password } = request.credentials;

    const checked = await this.passwords.check(realm, username, password);
    if (!checked.ok) {
      this.logger.info({ audit: 'authn.login', outcome: 'failure', realm, username, reason: checked.reason }, 'login failed');
      // Issue 20: the subject only when the account exists (a mistyped name may be a password).
      await this.audit.record({ realm, event: 'login', outcome: 'failure', subject: checked.userId, error: 'Login failure', reason: checked.reason });
      throw loginFailure();
    }
    const tokenId = await this.sessions.open(checked.user);
    this.logger.info({ audit: 'authn.login', outcome: 'success', realm, username: checked.user.username, userId: checked.user.id }, 'login');
    await this.audit.record({ realm, event: 'login', outcome: 'success', subject: checked.user.id });
    return { tokenId, successUrl: this.successUrl, realm };
  }
}

/** am-spec §1.1 / §2.1: `{"code":401,"reason":"Unauthorized","message":"Login failure","detail":{"failureUrl":""}}`. */
function loginFailure(): CrestError {
  return new CrestError(401, 'Login failure', undefined, { failureUrl: '' });
}
