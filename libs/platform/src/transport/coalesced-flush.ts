/** The parts of nats.js 2.x's protocol handler (`NatsConnectionImpl.protocol`) this relies on. */
interface ProtocolHandler {
  flushPending(): void;
  close(): Promise<void>;
  outbound: { size(): number };
  pendingLimit: number;
}

/**
 * Makes a nats.js connection write once per event-loop turn instead of once per burst of
 * microtasks.
 *
 * nats.js queues each command and flushes the queue to the socket in a microtask. A service
 * under load handles many messages and database replies per event-loop turn, each in a callback
 * of its own, so every reply became a socket write of its own. Socket writes are the costliest
 * thing a service does here (`writev`/`writeBuffer` were 10–20 % of each process's profile,
 * and each one wakes the server on the other core). Flushing in `setImmediate` instead sends
 * everything a turn produced in one write, after the I/O callbacks that produced it: the same
 * bytes in the same order, later by at most the rest of the turn.
 *
 * Written by hand because nats.js has no option for when it flushes. It wraps the connection's
 * own `flushPending`, so nats.js's other flushes (its size limit, PING, reconnect) keep their
 * meaning: a queue over nats.js's limit is still written at once, and closing writes what is
 * queued before the socket goes. It checks the internals it needs and fails at connect if a
 * nats.js upgrade moved them (the transport spec pins this).
 */
export function coalesceFlushes(connection: object): void {
  const protocol = (connection as unknown as { protocol?: Partial<ProtocolHandler> }).protocol;
  if (!isProtocolHandler(protocol)) throw new Error('nats.js internals changed: a connection has no protocol.flushPending/close/outbound');
  const flushNow = protocol.flushPending.bind(protocol);
  const close = protocol.close.bind(protocol);
  let scheduled = false;
  const flushScheduled = () => {
    scheduled = false;
    flushNow();
  };
  protocol.flushPending = () => {
    if (protocol.outbound.size() >= protocol.pendingLimit) return flushNow();
    if (scheduled) return;
    scheduled = true;
    setImmediate(flushScheduled);
  };
  protocol.close = () => {
    flushNow();
    return close();
  };
}

function isProtocolHandler(protocol: Partial<ProtocolHandler> | undefined): protocol is ProtocolHandler {
  return typeof protocol?.flushPending === 'function' && typeof protocol.close === 'function' && typeof protocol.outbound?.size === 'function' && typeof protocol.pendingLimit === 'number';
}
