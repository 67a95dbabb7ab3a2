import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { RealmKeysController } from './realm-keys.controller';

/** `connect/jwk_uri`, and the admin action that rotates a realm's signing key. */
@Module({ controllers: [JwksController, RealmKeysController] })
export class KeysModule {}
