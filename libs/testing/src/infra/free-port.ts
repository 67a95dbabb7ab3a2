import { createServer, type AddressInfo } from 'node:net';

/**
 * Returns a TCP port that was free on 127.0.0.1 a moment ago (listen on port 0, read it, close).
 * Another process may still grab it before the caller binds it; callers that spawn servers retry on EADDRINUSE.
 */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
