import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, registrationStorage } from '@mandate/persistence';
import { PlatformModule, configProvider, databaseConfig, issuerConfig, loadConfig } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { RealmHandler } from '../realms/realm.handler';
import { DiscoveryService } from '../discovery/discovery.service';
import { DiscoveryHandler } from '../discovery/discovery.handler';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.registration, { database: true }),
    PersistenceModule.forService(registrationStorage, () => loadConfig(databaseConfig)),
  ],
  controllers: [RealmHandler, DiscoveryHandler],
  providers: [configProvider(issuerConfig), RealmService, DiscoveryService],
})
export class AppModule {}
