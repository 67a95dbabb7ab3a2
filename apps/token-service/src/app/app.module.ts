import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import { PlatformModule, configProvider, databaseConfig, loadConfig } from '@mandate/platform';
import { JwksHandler } from '../keys/jwks.handler';
import { JwksService } from '../keys/jwks.service';
import { KeyService } from '../keys/key.service';
import { keysConfig } from '../keys/keys.config';
import { PrivateKeySealer } from '../keys/private-key.sealer';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.token, { database: true }),
    PersistenceModule.forService(tokenStorage, () => loadConfig(databaseConfig)),
  ],
  controllers: [JwksHandler],
  providers: [configProvider(keysConfig), PrivateKeySealer, KeyService, JwksService],
})
export class AppModule {}
