import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel hands out source ports for outgoing connections from its ephemeral range, and
 * `listen(0)` picks from the same range: a port found free there can be taken by any outgoing
 * connection (Postgres, NATS, fetch) before the spawned server binds it. Ports are therefore
 * drawn at random from below that range, where only explicit binds land.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > 12_000) return low;
  } catch {
    // Not Linux: fall through to the IANA dynamic range's start, which macOS and Windows use.
  }
  return 49_152;
}

const LOWEST = 10_000;

function canBind(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // 0.0.0.0: a server of ours listening on every address would make a 127.0.0.1 bind fail too.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * Returns a TCP port that was free a moment ago, outside the ephemeral range (see above), so that
 * only another explicit bind (one chance in tens of thousands) can take it before the caller does.
 */
export async function freePort(): Promise<number> {
  const span = ephemeralRangeStart() - LOWEST;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * span);
    if (await canBind(port)) return port;
  }
  throw new Error(`no free TCP port found between ${LOWEST} and ${LOWEST + span}`);
}
