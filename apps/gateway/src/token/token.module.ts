import { Module } from '@nestjs/common';
import { TokenController } from './token.controller';

/** The token endpoint and revocation (owner: token-service). */
@Module({ controllers: [TokenController] })
export class TokenModule {}
