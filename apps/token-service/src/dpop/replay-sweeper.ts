import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmReplayStore } from '@mandate/persistence';
import { LOGGER, type Logger } from '@mandate/platform';

const SWEEP_MS = 5 * 60_000;

/** Deletes expired replay claims every five minutes (every replica; a delete of nothing costs little). */
@Injectable()
export class ReplaySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: TypeOrmReplayStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.store.deleteExpired(new Date()).catch((err: unknown) => this.logger.warn({ err }, 'sweeping expired replay claims failed; tried again later'));
    }, SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
