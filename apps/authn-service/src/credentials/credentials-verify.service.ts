import { Inject, Injectable } from '@nestjs/common';
import type { CredentialsVerifyReply, CredentialsVerifyRequest } from '@mandate/contracts';
import { LOGGER, type Logger, RealmClient } from '@mandate/platform';
import { PasswordCheck } from '../login/password-check.service';
import { PASSWORD_AUTH_LEVEL } from '../sessions/sso-session.service';

/**
 * am-spec §4.6: the resource owner password grant checks the user's password as a login does
 * (argon2, the same lockout), but no SSO session exists for it. Every failure is `{valid:false}`
 * (token-service answers `invalid_grant`), whatever the reason, which only the audit line keeps.
 */
@Injectable()
export class CredentialsVerifyService {
  constructor(
    private readonly passwords: PasswordCheck,
    private readonly realms: RealmClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async verify(request: CredentialsVerifyRequest): Promise<CredentialsVerifyReply> {
    const realm = (await this.realms.resolve(request.realm)).path;
    const checked = await this.passwords.check(realm, request.username, request.password);
    if (!checked.ok) {
      this.logger.info({ audit: 'authn.credentials.verify', outcome: 'failure', realm, username: request.username, reason: checked.reason }, 'credentials refused');
      return { valid: false };
    }
    const { user } = checked;
    this.logger.info({ audit: 'authn.credentials.verify', outcome: 'success', realm, username: user.username, userId: user.id }, 'credentials verified');
    return { valid: true, userId: user.id, username: user.username, authLevel: PASSWORD_AUTH_LEVEL };
  }
}
