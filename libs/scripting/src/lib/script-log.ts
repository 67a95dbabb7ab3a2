export type ScriptLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** One line a script wrote through its `logger` binding. Returned to the caller, never printed. */
export interface ScriptLogLine {
  level: ScriptLogLevel;
  message: string;
}

const LEVELS: ReadonlySet<string> = new Set<ScriptLogLevel>(['error', 'warn', 'info', 'debug', 'trace']);

/** Caps what a script can make the host hold: a busy loop of `logger.info(hugeString)` stays small. */
export const SCRIPT_LOG_LIMITS = Object.freeze({ maxLines: 100, maxMessageChars: 2_000 });

export class ScriptLogCollector {
  private readonly lines: ScriptLogLine[] = [];
  private dropped = 0;

  add(level: string, message: string): void {
    if (!LEVELS.has(level)) return;
    if (this.lines.length >= SCRIPT_LOG_LIMITS.maxLines) {
      this.dropped++;
      return;
    }
    const text =
      message.length > SCRIPT_LOG_LIMITS.maxMessageChars ? `${message.slice(0, SCRIPT_LOG_LIMITS.maxMessageChars)}…` : message;
    this.lines.push({ level: level as ScriptLogLevel, message: text });
  }

  toArray(): ScriptLogLine[] {
    if (!this.dropped) return [...this.lines];
    return [...this.lines, { level: 'warn', message: `${this.dropped} further script log lines were dropped` }];
  }
}
