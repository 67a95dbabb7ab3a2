import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';

/** `connect/jwk_uri`. */
@Module({ controllers: [JwksController] })
export class KeysModule {}
