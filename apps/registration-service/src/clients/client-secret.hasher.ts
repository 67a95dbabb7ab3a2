import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Argon2idHasher } from '@mandate/crypto';

/** Client secrets, argon2id (the one hasher of libs/crypto), its dummy hash made at start. */
@Injectable()
export class ClientSecretHasher extends Argon2idHasher implements OnModuleInit {
  onModuleInit(): Promise<void> {
    return this.warmUp();
  }
}
