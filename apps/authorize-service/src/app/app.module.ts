import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, authorizeStorage } from '@mandate/persistence';
import { PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.authorize, { database: true }),
    PersistenceModule.forService(authorizeStorage, () => loadConfig(databaseConfig)),
  ],
})
export class AppModule {}
