import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, introspectionStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';
import { AuditQueryHandler } from '../audit/audit-query.handler';
import { AuditQueryService } from '../audit/audit-query.service';
import { AuditRecordHandler } from '../audit/audit-record.handler';
import { IntrospectHandler } from '../introspect/introspect.handler';
import { IntrospectionService } from '../introspect/introspection.service';
import { TokenInfoHandler } from '../tokeninfo/tokeninfo.handler';
import { TokenInfoService } from '../tokeninfo/tokeninfo.service';
import { TokenStateClient } from '../tokens/token-state.client';

/**
 * Introspection and tokeninfo: token-service answers whether a token is live, this service
 * decides who may see what and shapes the answers. It also owns the audit store (issue 20
 * item 1): the events every producer's outbox delivers, and the admin query over them.
 */
@Module({
  imports: [
    PlatformModule.forService(ServiceNames.introspection, { database: true }),
    PersistenceModule.forService(introspectionStorage, () => loadConfig(databaseConfig)),
    ConfigCacheModule,
  ],
  controllers: [IntrospectHandler, TokenInfoHandler, AuditRecordHandler, AuditQueryHandler],
  providers: [TokenStateClient, IntrospectionService, TokenInfoService, AuditQueryService],
})
export class AppModule {}
