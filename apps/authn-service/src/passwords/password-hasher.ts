import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Argon2idHasher } from '@mandate/crypto';

/** User passwords, argon2id (the one hasher of libs/crypto), its dummy hash made at start. */
@Injectable()
export class PasswordHasher extends Argon2idHasher implements OnModuleInit {
  onModuleInit(): Promise<void> {
    return this.warmUp();
  }
}
