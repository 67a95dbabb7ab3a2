import { Module } from '@nestjs/common';
import { configProvider, issuerConfig } from '@mandate/platform';
import { TokenController } from './token.controller';

/** The token endpoint and revocation (owner: token-service). */
@Module({ controllers: [TokenController], providers: [configProvider(issuerConfig)] })
export class TokenModule {}
