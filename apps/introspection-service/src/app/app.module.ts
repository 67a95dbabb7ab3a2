import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, introspectionStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';
import { IntrospectHandler } from '../introspect/introspect.handler';
import { IntrospectionService } from '../introspect/introspection.service';
import { TokenInfoHandler } from '../tokeninfo/tokeninfo.handler';
import { TokenInfoService } from '../tokeninfo/tokeninfo.service';
import { TokenStateClient } from '../tokens/token-state.client';

/**
 * Introspection and tokeninfo. Owns no tables (its schema stays empty): token-service answers
 * whether a token is live, this service decides who may see what and shapes the answers.
 */
@Module({
  imports: [
    PlatformModule.forService(ServiceNames.introspection, { database: true }),
    PersistenceModule.forService(introspectionStorage, () => loadConfig(databaseConfig)),
    ConfigCacheModule,
  ],
  controllers: [IntrospectHandler, TokenInfoHandler],
  providers: [TokenStateClient, IntrospectionService, TokenInfoService],
})
export class AppModule {}
