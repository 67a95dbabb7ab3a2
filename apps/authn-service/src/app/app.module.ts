import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, authnStorage } from '@mandate/persistence';
import { PlatformModule, auditProducerProviders, configProvider, databaseConfig, issuerConfig, loadConfig } from '@mandate/platform';
import { AdminBootstrap } from '../admin/admin-bootstrap';
import { authnConfig } from '../config/authn.config';
import { CredentialsVerifyHandler } from '../credentials/credentials-verify.handler';
import { CredentialsVerifyService } from '../credentials/credentials-verify.service';
import { GroupService } from '../identities/group.service';
import { IdentityAccess } from '../identities/identity-access';
import { GroupHandler, UserHandler } from '../identities/identity.handler';
import { UserLookupHandler } from '../identities/user-lookup.handler';
import { UserLookupService } from '../identities/user-lookup.service';
import { UserService } from '../identities/user.service';
import { IdentityImport } from '../import/identity-import';
import { identityImportConfig } from '../import/identity-import.config';
import { LockoutService } from '../login/lockout.service';
import { LoginHandler } from '../login/login.handler';
import { LoginService } from '../login/login.service';
import { PasswordCheck } from '../login/password-check.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionActionsHandler } from '../sessions/session-actions.handler';
import { SessionValidateHandler } from '../sessions/session-validate.handler';
import { SsoSessionService } from '../sessions/sso-session.service';

/** Owns users, groups, passwords and SSO sessions (AM's /json/authenticate, sessions, users, groups). */
export const authnProviders = [
  configProvider(authnConfig),
  configProvider(issuerConfig),
  configProvider(identityImportConfig),
  PasswordHasher,
  SsoSessionService,
  LockoutService,
  PasswordCheck,
  LoginService,
  CredentialsVerifyService,
  IdentityAccess,
  UserService,
  GroupService,
  UserLookupService,
  AdminBootstrap,
  IdentityImport,
  // Issue 20: the audit outbox and its drainer.
  ...auditProducerProviders,
];
export const authnHandlers = [
  LoginHandler,
  SessionValidateHandler,
  SessionActionsHandler,
  UserHandler,
  GroupHandler,
  CredentialsVerifyHandler,
  UserLookupHandler,
];

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.authn, { database: true }),
    PersistenceModule.forService(authnStorage, () => loadConfig(databaseConfig)),
  ],
  controllers: authnHandlers,
  providers: authnProviders,
})
export class AppModule {}
