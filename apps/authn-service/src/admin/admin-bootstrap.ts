import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { LOGIN_FAILURE_STORE, type LoginFailureStore, USER_STORE, type User, type UserStore } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { authnConfig, type AuthnConfig } from '../config/authn.config';
import { PasswordHasher } from '../passwords/password-hasher';
import { ADMIN_USERNAME } from '../sessions/sso-session.service';

/**
 * contract §1: amadmin exists in the top-level realm from the first start, with the password
 * AM_ADMIN_PASSWORD, or a generated one printed once. Insert-if-absent, so replicas starting
 * together create it once and a restart never changes its password, unless the administrator
 * asks for it with MANDATE_RESET_ADMIN_PASSWORD=true (a lost password; the README's command).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    @Inject(authnConfig.token) private readonly config: AuthnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(LOGIN_FAILURE_STORE) private readonly loginFailures: LoginFailureStore,
  ) {}

  async onApplicationBootstrap() {
    const existing = await this.users.find('/', ADMIN_USERNAME);
    if (existing && this.config.MANDATE_RESET_ADMIN_PASSWORD) return this.resetPassword(existing);
    if (existing) return;
    const generated = this.config.AM_ADMIN_PASSWORD ? undefined : randomBytes(18).toString('base64url');
    const password = this.config.AM_ADMIN_PASSWORD ?? (generated as string);
    const created = await this.users.create({ realm: '/', username: ADMIN_USERNAME, attributes: {}, passwordHash: await this.hasher.hash(password) });
    if (!created || !generated) return;
    // The one sanctioned exception to never logging a secret (contract §1: "printed once"):
    // only the replica that created amadmin prints it, and only at the first start.
    this.logger.warn(
      { audit: 'authn.admin.created' },
      `amadmin was created with a generated password (AM_ADMIN_PASSWORD is not set): ${generated} — it is shown only this once`,
    );
  }

  private async resetPassword(admin: User) {
    const passwordHash = await this.hasher.hash(this.config.AM_ADMIN_PASSWORD as string);
    const result = await this.users.replace('/', admin.id, { attributes: admin.attributes, passwordHash });
    if (result.status !== 'done') throw new Error(`amadmin's password was not reset (${result.status})`);
    await this.loginFailures.reset('/', ADMIN_USERNAME);
    this.logger.warn({ audit: 'authn.admin.password-reset' }, 'amadmin’s password was reset from AM_ADMIN_PASSWORD (MANDATE_RESET_ADMIN_PASSWORD=true): unset it for later starts');
  }
}
