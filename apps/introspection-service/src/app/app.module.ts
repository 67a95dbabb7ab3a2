import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, introspectionStorage } from '@mandate/persistence';
import { PlatformModule, databaseConfig, loadConfig } from '@mandate/platform';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.introspection, { database: true }),
    PersistenceModule.forService(introspectionStorage, () => loadConfig(databaseConfig)),
  ],
})
export class AppModule {}
