import { Module } from '@nestjs/common';
import { configProvider, issuerConfig } from '@mandate/platform';
import { AuthorizeController } from './authorize.controller';
import { LoginController } from './login.controller';

/** /authorize with its login and consent pages (owner: authorize-service; sign-in: authn-service). */
@Module({
  controllers: [AuthorizeController, LoginController],
  providers: [configProvider(issuerConfig)],
})
export class AuthorizeModule {}
