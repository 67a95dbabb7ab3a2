import { ServiceNames } from '@mandate/contracts';
import { databaseConfig, runService } from '@mandate/platform';
import { AppModule } from './app/app.module';

runService({ name: ServiceNames.authn, module: AppModule, role: 'service', config: [databaseConfig] });
