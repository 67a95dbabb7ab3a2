import { ServiceNames } from '@mandate/contracts';
import { databaseConfig, issuerConfig, runService } from '@mandate/platform';
import { AppModule } from './app/app.module';
import { authnConfig } from './config/authn.config';
import { identityImportConfig } from './import/identity-import.config';

runService({ name: ServiceNames.authn, module: AppModule, role: 'service', config: [databaseConfig, issuerConfig, authnConfig, identityImportConfig] });
