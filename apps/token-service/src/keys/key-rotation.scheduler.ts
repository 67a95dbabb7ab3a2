import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@mandate/platform';
import { KeyRotationService } from './key-rotation.service';
import { keysConfig, type KeysConfig } from './keys.config';

/**
 * Looks for signing keys due for rotation once at start and then every
 * MANDATE_KEY_ROTATION_CHECK_S. Every replica checks; the rotation itself is a compare-and-swap,
 * so only one of them rotates a given key.
 */
@Injectable()
export class KeyRotationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly rotation: KeyRotationService,
    @Inject(keysConfig.token) private readonly config: KeysConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.MANDATE_KEY_ROTATION_DAYS === 0) return;
    this.check();
    this.timer = setInterval(() => this.check(), this.config.MANDATE_KEY_ROTATION_CHECK_S * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** The check under way, if any (resolves when it is done). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private check(): void {
    if (this.running) return;
    this.running = this.rotation
      .rotateDue()
      .then(
        () => undefined,
        (err: unknown) => this.logger.error({ err }, 'the scheduled signing key rotation failed; it is tried again at the next check'),
      )
      .finally(() => (this.running = undefined));
  }
}
