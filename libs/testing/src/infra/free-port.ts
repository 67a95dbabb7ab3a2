import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * A port found free is only bound seconds later, when the spawned server gets to it (a gateway
 * waits for its services first). In that window another test process (Nx runs several suites at
 * once), or this one drawing again, could find the same port free and hand it out twice; CI once
 * failed on exactly that (EADDRINUSE on a gateway's port). So each port handed out is reserved,
 * across processes, by a file created exclusively under the temp dir and holding the owner's pid.
 * A reservation lapses when its owner exits (removed at exit, or found with a dead pid) or after
 * {@link RESERVATION_MS}. get-port and portfinder only remember ports within one process, hence
 * this small hand-written lock.
 */
const RESERVATIONS = join(tmpdir(), 'mandate-test-ports');
const RESERVATION_MS = 2 * 60 * 60 * 1000;
const reservedHere = new Set<string>();
let cleanupInstalled = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lapsed(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > RESERVATION_MS) return true;
    const pid = Number(readFileSync(file, 'utf8'));
    return !Number.isInteger(pid) || pid <= 0 || !alive(pid);
  } catch {
    return true;
  }
}

function reserve(port: number): boolean {
  mkdirSync(RESERVATIONS, { recursive: true });
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      reservedHere.add(file);
      if (!cleanupInstalled) {
        cleanupInstalled = true;
        process.once('exit', releaseAll);
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || reservedHere.has(file) || !lapsed(file)) return false;
      try {
        unlinkSync(file);
      } catch {
        // Another process reclaimed it first; the exclusive create below decides.
      }
    }
  }
  return false;
}

function release(file: string): void {
  reservedHere.delete(file);
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function releaseAll(): void {
  for (const file of [...reservedHere]) release(file);
}

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
 * Returns a TCP port that was free a moment ago, outside the ephemeral range (see above), and that
 * no other caller of freePort, in this process or another, is handed until this process exits.
 */
export async function freePort(): Promise<number> {
  const span = ephemeralRangeStart() - LOWEST;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * span);
    if (!reserve(port)) continue;
    if (await canBind(port)) return port;
    release(join(RESERVATIONS, String(port)));
  }
  throw new Error(`no free TCP port found between ${LOWEST} and ${LOWEST + span}`);
}
