import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { USER_STORE, type UserStore } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { authnConfig, type AuthnConfig } from '../config/authn.config';
import { PasswordHasher } from '../passwords/password-hasher';
import { ADMIN_USERNAME } from '../sessions/sso-session.service';

/**
 * contract §1: amadmin exists in the top-level realm from the first start, with the password
 * AM_ADMIN_PASSWORD, or a generated one printed once. Insert-if-absent, so replicas starting
 * together create it once and a restart never changes its password.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    @Inject(authnConfig.token) private readonly config: AuthnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    if (await this.users.find('/', ADMIN_USERNAME)) return;
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
}
