import { ClientProxy, NatsRecord, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { type DirectRequests, awaitReply } from './await-reply';
import { copyAsWire, inProcBus } from './inproc-bus';

export const NO_RESPONDERS = 'no responders';

/**
 * Nest client on the in-process bus. A subject nobody serves fails at once, like NATS's 503.
 * `emit()` publishes an event to every subscriber on the bus.
 */
export class InProcClient extends ClientProxy implements DirectRequests {
  async connect() {
    return undefined;
  }

  close() {
    return undefined;
  }

  unwrap<T>(): T {
    return inProcBus() as T;
  }

  request(subject: string, data: unknown, timeoutMs: number): Promise<unknown> {
    return awaitReply(subject, () => this.connect(), (callback) => this.publish({ pattern: subject, data }, callback), timeoutMs);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const subject = this.normalizePattern(packet.pattern);
    const record = packet.data instanceof NatsRecord ? packet.data : undefined;
    const data = record ? record.data : packet.data;
    const headers = record?.headers as MsgHdrs | undefined;
    const handler = inProcBus().pick(subject);
    if (!handler) {
      callback({ err: new Error(`${NO_RESPONDERS} on ${subject}`), isDisposed: true });
      return () => undefined;
    }
    let cancelled = false;
    handler(copyAsWire(data), headers).then(
      (response) => !cancelled && callback({ response, isDisposed: true }),
      (err) => !cancelled && callback({ err, isDisposed: true }),
    );
    return () => {
      cancelled = true;
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const subject = this.normalizePattern(packet.pattern);
    const record = packet.data instanceof NatsRecord ? packet.data : undefined;
    inProcBus().publish(subject, record ? record.data : packet.data, record?.headers as MsgHdrs | undefined);
    return undefined as T;
  }
}
