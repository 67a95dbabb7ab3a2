import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, authorizeStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, configProvider, databaseConfig, issuerConfig, loadConfig, RealmIssuer } from '@mandate/platform';
import { AuthorizeHandler } from '../authorize/authorize.handler';
import { AuthorizeService } from '../authorize/authorize.service';
import { AuthorizationCodeService } from '../codes/authorization-code.service';
import { CodeConsumeHandler } from '../codes/code-consume.handler';
import { CibaHandler } from '../ciba/ciba.handler';
import { CibaService } from '../ciba/ciba.service';
import { ClientStep } from '../steps/client.step';
import { SessionStep } from '../steps/session.step';

/** Owns /authorize, authorization codes (am-spec §3) and CIBA requests (issue 21). */
export const authorizeProviders = [configProvider(issuerConfig), RealmIssuer, ClientStep, SessionStep, AuthorizationCodeService, AuthorizeService, CibaService];
export const authorizeHandlers = [AuthorizeHandler, CodeConsumeHandler, CibaHandler];

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.authorize, { database: true }),
    PersistenceModule.forService(authorizeStorage, () => loadConfig(databaseConfig)),
    ConfigCacheModule,
  ],
  controllers: authorizeHandlers,
  providers: authorizeProviders,
})
export class AppModule {}
