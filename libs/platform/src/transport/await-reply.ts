import type { WritePacket } from '@nestjs/microservices';

/** No reply within the caller's bound. */
export class ReplyTimeoutError extends Error {
  constructor(readonly subject: string) {
    super(`${subject}: no reply in time`);
    this.name = 'ReplyTimeoutError';
  }
}

/** The connection a request went out on was lost before its reply came: it will not come on it. */
export class ConnectionLostError extends Error {
  constructor() {
    super('the bus connection was lost before the reply came');
    this.name = 'ConnectionLostError';
  }
}

/** What our transports offer beside Nest's `ClientProxy`: one request, its reply as a promise. */
export interface DirectRequests {
  request(subject: string, data: unknown, timeoutMs: number): Promise<unknown>;
}

/**
 * One request through a transport's `publish`, awaited as a promise with a timer. Nest's
 * `send()` wraps the same `publish` in an Observable, a connect `defer`, `mergeMap` and the
 * caller's RxJS `timeout`: about 6 % of the gateway's CPU under load, for a single reply.
 * The first reply settles the promise; an `err` rejects it with that error.
 */
export async function awaitReply(
  subject: string,
  connect: () => Promise<unknown>,
  publish: (callback: (packet: WritePacket) => void) => () => void,
  timeoutMs: number,
): Promise<unknown> {
  await connect();
  return new Promise((resolve, reject) => {
    let teardown: () => void = () => undefined;
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      teardown();
      reject(new ReplyTimeoutError(subject));
    }, timeoutMs);
    teardown = publish((packet) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (packet.err !== undefined && packet.err !== null) reject(packet.err);
      else resolve(packet.response);
    });
    if (settled) teardown();
  });
}
