import { Inject, Injectable } from '@nestjs/common';
import { INSTALLATION_SECRET_STORE, type InstallationSecretStore, ServerError } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { type Jwk, type SealedSecret, SecretBoxError, decodeEncryptionKey, generateEncryptionKey, openSecret, sealSecret } from '@mandate/crypto';
import { keysConfig, type KeysConfig } from './keys.config';

/** Name of the generated key-encryption key in `token.installation_secrets`. */
export const GENERATED_KEK_NAME = 'signing-key-encryption-key';

/**
 * Seals private signing keys for storage (AES-256-GCM, the key's `kid` bound as additional
 * data) and opens them again, under MANDATE_KEY_ENCRYPTION_KEY or, without it, under a key
 * generated for this installation and kept in the database.
 */
@Injectable()
export class PrivateKeySealer {
  private encryptionKey?: Promise<Uint8Array>;

  constructor(
    @Inject(INSTALLATION_SECRET_STORE) private readonly secrets: InstallationSecretStore,
    @Inject(keysConfig.token) private readonly config: KeysConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async seal(kid: string, privateJwk: Jwk): Promise<Record<string, unknown>> {
    return { ...sealSecret(JSON.stringify(privateJwk), await this.key(), kid) };
  }

  async open(kid: string, sealed: Record<string, unknown>): Promise<Jwk> {
    const key = await this.key();
    try {
      return JSON.parse(openSecret(sealed as unknown as SealedSecret, key, kid)) as Jwk;
    } catch (error) {
      const why = error instanceof SecretBoxError ? error.message : 'unreadable';
      throw new ServerError(undefined, `signing key ${kid} cannot be opened: ${why}`);
    }
  }

  private key(): Promise<Uint8Array> {
    if (!this.encryptionKey) {
      this.encryptionKey = this.resolveKey();
      this.encryptionKey.catch(() => (this.encryptionKey = undefined));
    }
    return this.encryptionKey;
  }

  private async resolveKey(): Promise<Uint8Array> {
    if (this.config.MANDATE_KEY_ENCRYPTION_KEY) return decodeEncryptionKey(this.config.MANDATE_KEY_ENCRYPTION_KEY);
    const stored = await this.secrets.getOrCreate(GENERATED_KEK_NAME, Buffer.from(generateEncryptionKey()).toString('base64'));
    this.logger.warn(
      'MANDATE_KEY_ENCRYPTION_KEY is not set: private signing keys are encrypted under a key generated for this installation ' +
        'and stored in the same database, so keys at rest are only as safe as the database. Set MANDATE_KEY_ENCRYPTION_KEY ' +
        '(openssl rand -base64 32) before the first start of a production installation.',
    );
    return decodeEncryptionKey(stored);
  }
}
