import { ServiceNames } from '@mandate/contracts';
import { databaseConfig, issuerConfig, runService, scriptPoolConfig } from '@mandate/platform';
import { AppModule } from './app/app.module';
import { clientMetadataConfig } from './client-metadata/client-metadata.config';
import { importConfig } from './import/import.config';

runService({ name: ServiceNames.registration, module: AppModule, role: 'service', config: [databaseConfig, issuerConfig, importConfig, scriptPoolConfig, clientMetadataConfig] });
