import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, authnStorage } from '@mandate/persistence';
import { PlatformModule, configProvider, databaseConfig, issuerConfig, loadConfig } from '@mandate/platform';
import { AdminBootstrap } from '../admin/admin-bootstrap';
import { authnConfig } from '../config/authn.config';
import { GroupService } from '../identities/group.service';
import { IdentityAccess } from '../identities/identity-access';
import { GroupHandler, UserHandler } from '../identities/identity.handler';
import { UserService } from '../identities/user.service';
import { LockoutService } from '../login/lockout.service';
import { LoginHandler } from '../login/login.handler';
import { LoginService } from '../login/login.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionActionsHandler } from '../sessions/session-actions.handler';
import { SessionValidateHandler } from '../sessions/session-validate.handler';
import { SsoSessionService } from '../sessions/sso-session.service';

/** Owns users, groups, passwords and SSO sessions (AM's /json/authenticate, sessions, users, groups). */
export const authnProviders = [
  configProvider(authnConfig),
  configProvider(issuerConfig),
  PasswordHasher,
  SsoSessionService,
  LockoutService,
  LoginService,
  IdentityAccess,
  UserService,
  GroupService,
  AdminBootstrap,
];
export const authnHandlers = [LoginHandler, SessionValidateHandler, SessionActionsHandler, UserHandler, GroupHandler];

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.authn, { database: true }),
    PersistenceModule.forService(authnStorage, () => loadConfig(databaseConfig)),
  ],
  controllers: authnHandlers,
  providers: authnProviders,
})
export class AppModule {}
