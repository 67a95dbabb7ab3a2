import { ServiceNames } from '@mandate/contracts';
import { databaseConfig, issuerConfig, runService, scriptPoolConfig } from '@mandate/platform';
import { AppModule } from './app/app.module';
import { keysConfig } from './keys/keys.config';
import { tokenExchangeConfig } from './token-exchange/token-exchange.config';

runService({ name: ServiceNames.token, module: AppModule, role: 'service', config: [databaseConfig, keysConfig, issuerConfig, tokenExchangeConfig, scriptPoolConfig] });
