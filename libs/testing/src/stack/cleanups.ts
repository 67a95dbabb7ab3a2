/**
 * What a long-running tool started (servers, connections), stopped once, newest first, on
 * success, on error and on SIGINT/SIGTERM alike: a measured run must never leave a process behind.
 */
export class Cleanups {
  private readonly list: Array<() => Promise<unknown>> = [];
  private running?: Promise<void>;

  constructor(private readonly log: (line: string) => void) {}

  push(cleanup: () => Promise<unknown>): void {
    this.list.push(cleanup);
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const cleanup of this.list.reverse()) await cleanup().catch((error: Error) => this.log(`cleanup: ${error.message}`));
    })());
  }

  /** Ctrl-C or a SIGTERM runs the cleanups, then exits with 130. */
  onSignals(): this {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        this.log(`${signal}: stopping everything`);
        void this.run().finally(() => process.exit(130));
      });
    }
    return this;
  }
}
