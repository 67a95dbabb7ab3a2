import { Module } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { configProvider, issuerConfig } from '@mandate/platform';
import { AuthenticateController } from './authenticate.controller';
import { crestIdentityController } from './crest-identity.controller';
import { SessionsController } from './sessions.controller';

export const UsersController = crestIdentityController('users', Messages.authn.users);
export const GroupsController = crestIdentityController('groups', Messages.authn.groups);

/** AM's identity REST at the edge: authenticate, sessions, users, groups (owner: authn-service). */
@Module({
  controllers: [AuthenticateController, SessionsController, UsersController, GroupsController],
  providers: [configProvider(issuerConfig)],
})
export class IdentityModule {}
