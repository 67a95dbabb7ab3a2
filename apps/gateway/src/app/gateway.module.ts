import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PlatformModule, configProvider, httpConfig, issuerConfig } from '@mandate/platform';
import { DiscoveryController } from '../discovery/discovery.controller';
import { GatewayHealthController } from '../health/gateway-health.controller';
import { WireErrorFilter } from '../http/wire-error.filter';
import { AuthorizeModule } from '../authorize/authorize.module';
import { CibaModule } from '../ciba/ciba.module';
import { IdentityModule } from '../identity/identity.module';
import { IntrospectionModule } from '../introspection/introspection.module';
import { KeysModule } from '../keys/keys.module';
import { RealmConfigModule } from '../realm-config/realm-config.module';
import { RegistrationModule } from '../registration/registration.module';
import { TokenModule } from '../token/token.module';
import { OpenApiModule } from '../openapi/openapi.module';
import { ConsoleModule } from '../console/console.module';
import { GovernanceModule } from '../governance/governance.module';
import { AuditModule } from '../audit/audit.module';

/** The HTTP edge: AM's URL layout, no business rules, no tables. */
@Module({
  imports: [PlatformModule.forGateway(), IdentityModule, KeysModule, RealmConfigModule, TokenModule, AuthorizeModule, CibaModule, RegistrationModule, IntrospectionModule, OpenApiModule, ConsoleModule, GovernanceModule, AuditModule],
  controllers: [DiscoveryController, GatewayHealthController],
  providers: [
    configProvider(issuerConfig),
    configProvider(httpConfig),
    { provide: APP_FILTER, useClass: WireErrorFilter },
  ],
})
export class GatewayModule {}
