import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, authnStorage } from '@mandate/persistence';
import { PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.authn, { database: true }),
    PersistenceModule.forService(authnStorage, () => loadConfig(databaseConfig)),
  ],
})
export class AppModule {}
