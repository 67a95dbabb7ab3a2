import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import { PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.token, { database: true }),
    PersistenceModule.forService(tokenStorage, () => loadConfig(databaseConfig)),
  ],
})
export class AppModule {}
