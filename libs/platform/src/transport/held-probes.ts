import { heldSubject } from '@mandate/contracts';
import type { Msg, NatsConnection } from 'nats';

/** How often the waiting requests are looked at; a probe's answers are counted at the next look. */
export const PROBE_EVERY_MS = 50;
/** A request is probed once it has waited this long (most are answered well before). */
const PROBE_AFTER_MS = 50;
/**
 * Probes in a row that no instance claims before a request counts as lost (with several
 * instances; with none left, no-responders fails it at once). A live instance whose event loop
 * is blocked cannot answer: three misses tolerate a block of about 150 ms, the price being about
 * 250 ms to find a request lost with one of several replicas. A block of the caller's own loop
 * costs one miss at most (the answers are read before the next look).
 */
const MISSES_TO_FAIL = 3;

/** The instance that had the request is gone: no reply will come. */
export class ResponderLostError extends Error {
  constructor(readonly subject: string) {
    super(`${subject}: the instance handling the request is gone`);
    this.name = 'ResponderLostError';
  }
}

/** A request waiting for its reply: `deliver` the reply, or `fail` it when none can come. */
export interface Waiting {
  deliver(message: Msg): void;
  fail(error: unknown): void;
  /** The request's subject; none for a probe. */
  subject?: string;
  /** performance.now() when it was sent. */
  since?: number;
  /** Probes in a row that found it held by no instance. */
  misses?: number;
  /** A probe's entry takes every instance's answer until the next look; a request's takes one. */
  many?: boolean;
}

/** The reply subscription of one connection: `<inbox>.*`, one waiting entry per request or probe. */
export interface Replies {
  connection: NatsConnection;
  inbox: string;
  waiting: Map<string, Waiting>;
  next: number;
}

interface OpenProbe {
  reply: string;
  asked: string[];
  claimed: Set<string>;
}

/**
 * Finds the requests whose responder died (kill -9, a crashed pod) while they waited, and fails
 * them at once instead of at the RPC timeout: NATS tells a requester nothing when the instance it
 * was routed to goes away. Every PROBE_EVERY_MS, for each subject with requests waiting longer
 * than PROBE_AFTER_MS, one probe on `heldSubject(subject)` asks every serving instance which of
 * them it holds (DrainingNatsServer answers). No-responders means no instance is left: the
 * requests fail now. A request no instance claims MISSES_TO_FAIL times in a row fails too.
 * Requests and probes travel on the same connection, so an instance reads a request before a
 * probe that asks about it. It costs nothing while requests are answered within PROBE_AFTER_MS.
 */
export class HeldProbes {
  private timer: NodeJS.Timeout | undefined;
  private open: OpenProbe[] = [];

  constructor(private readonly replies: Replies) {}

  /** A request is waiting: look at the waiting requests from now on, until none is left. */
  watch(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.look(), PROBE_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.open = [];
  }

  private look(): void {
    const { waiting } = this.replies;
    for (const probe of this.open.splice(0)) {
      waiting.delete(probe.reply);
      for (const reply of probe.asked) {
        const request = waiting.get(reply);
        if (!request) continue; // answered, or given up, meanwhile
        if (probe.claimed.has(reply)) request.misses = 0;
        else if ((request.misses = (request.misses ?? 0) + 1) >= MISSES_TO_FAIL) this.fail(reply, request);
      }
    }
    const now = performance.now();
    const bySubject = new Map<string, string[]>();
    for (const [reply, request] of waiting) {
      if (request.subject === undefined || request.since === undefined || now - request.since < PROBE_AFTER_MS) continue;
      const asked = bySubject.get(request.subject);
      if (asked) asked.push(reply);
      else bySubject.set(request.subject, [reply]);
    }
    if (bySubject.size === 0 && waiting.size === 0) return this.stop();
    for (const [subject, asked] of bySubject) this.ask(subject, asked);
  }

  private ask(subject: string, asked: string[]): void {
    const { connection, inbox, waiting } = this.replies;
    const probe: OpenProbe = { reply: `${inbox}.${(this.replies.next++).toString(36)}`, asked, claimed: new Set() };
    waiting.set(probe.reply, {
      many: true,
      fail: () => undefined,
      deliver: (message) => {
        if (message.headers?.code === 503) {
          // No instance subscribes to the probe any more, so none can hold these requests.
          for (const reply of asked) {
            const request = waiting.get(reply);
            if (request) this.fail(reply, request);
          }
          return;
        }
        try {
          const { held } = JSON.parse(new TextDecoder().decode(message.data)) as { held?: unknown };
          if (Array.isArray(held)) for (const reply of held) if (typeof reply === 'string') probe.claimed.add(reply);
        } catch {
          // not an answer of ours: it claims nothing
        }
      },
    });
    this.open.push(probe);
    connection.publish(heldSubject(subject), JSON.stringify({ replies: asked }), { reply: probe.reply });
  }

  private fail(reply: string, request: Waiting): void {
    this.replies.waiting.delete(reply);
    request.fail(new ResponderLostError(request.subject ?? reply));
  }
}
