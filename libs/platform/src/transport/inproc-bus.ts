import type { MsgHdrs } from 'nats';

export type InProcHandler = (data: unknown, headers: MsgHdrs | undefined) => Promise<unknown>;
export type InProcEventHandler = (data: unknown, headers: MsgHdrs | undefined) => Promise<void>;

/**
 * The in-process message bus: what NATS is to the distributed mode, for every service running
 * in one process. Subjects map to handler lists; several handlers on one subject share the
 * load round-robin, like a NATS queue group. Events go to every subscriber, like a plain
 * (queue-less) NATS subscription. It is process-global (a `Symbol.for` key) because
 * each service bundle carries its own copy of this library.
 */
export class InProcBus {
  private readonly handlers = new Map<string, InProcHandler[]>();
  private readonly cursor = new Map<string, number>();
  private readonly subscribers = new Map<string, InProcEventHandler[]>();

  register(subject: string, handler: InProcHandler): () => void {
    const list = this.handlers.get(subject) ?? [];
    list.push(handler);
    this.handlers.set(subject, list);
    return () => {
      const current = this.handlers.get(subject) ?? [];
      const next = current.filter((h) => h !== handler);
      if (next.length) this.handlers.set(subject, next);
      else this.handlers.delete(subject);
    };
  }

  /** Picks a handler like a queue group would; undefined means "no responders". */
  pick(subject: string): InProcHandler | undefined {
    const list = this.handlers.get(subject);
    if (!list?.length) return undefined;
    const i = (this.cursor.get(subject) ?? 0) % list.length;
    this.cursor.set(subject, i + 1);
    return list[i];
  }

  /** Receives every event published on `subject` from now on. */
  subscribe(subject: string, handler: InProcEventHandler): () => void {
    this.subscribers.set(subject, [...(this.subscribers.get(subject) ?? []), handler]);
    return () => {
      const next = (this.subscribers.get(subject) ?? []).filter((h) => h !== handler);
      if (next.length) this.subscribers.set(subject, next);
      else this.subscribers.delete(subject);
    };
  }

  /**
   * Delivers an event to every subscriber, each with its own copy, after the publisher's
   * current task (as NATS would); a subscriber's failure is its own. Nobody listening is fine.
   */
  publish(subject: string, data: unknown, headers: MsgHdrs | undefined): void {
    for (const handler of this.subscribers.get(subject) ?? []) {
      const copy = copyAsWire(data);
      setImmediate(() => void handler(copy, headers).catch(() => undefined));
    }
  }
}

const BUS_KEY = Symbol.for('mandate.inproc.bus');

export function inProcBus(): InProcBus {
  const holder = globalThis as unknown as Record<symbol, InProcBus | undefined>;
  return (holder[BUS_KEY] ??= new InProcBus());
}

/**
 * Messages cross the in-process bus as JSON, exactly as they cross NATS, so no caller can
 * share mutable state with a service or pass something NATS could not carry.
 */
export function copyAsWire<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
