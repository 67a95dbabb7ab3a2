import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, registrationStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, ScriptPoolModule, configProvider, databaseConfig, issuerConfig, loadConfig } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { RealmHandler } from '../realms/realm.handler';
import { DiscoveryService } from '../discovery/discovery.service';
import { DiscoveryHandler } from '../discovery/discovery.handler';
import { REALM_CONFIG_HANDLERS, REALM_CONFIG_PROVIDERS } from '../realm-config/realm-config.parts';
import { DCR_HANDLERS, DCR_PROVIDERS } from '../dcr/dcr.parts';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.registration, { database: true }),
    PersistenceModule.forService(registrationStorage, () => loadConfig(databaseConfig)),
    // Its own caches (provider settings) follow registration.config.changed from other replicas.
    ConfigCacheModule,
    // may-act / DCR scripts run in this pool's worker threads, started before the service serves.
    ScriptPoolModule,
  ],
  controllers: [RealmHandler, DiscoveryHandler, ...REALM_CONFIG_HANDLERS, ...DCR_HANDLERS],
  providers: [configProvider(issuerConfig), RealmService, DiscoveryService, ...REALM_CONFIG_PROVIDERS, ...DCR_PROVIDERS],
})
export class AppModule {}
