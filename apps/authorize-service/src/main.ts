import { ServiceNames } from '@mandate/contracts';
import { databaseConfig, issuerConfig, runService } from '@mandate/platform';
import { AppModule } from './app/app.module';

runService({ name: ServiceNames.authorize, module: AppModule, role: 'service', config: [databaseConfig, issuerConfig] });
