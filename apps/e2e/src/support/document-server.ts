import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTls } from '@mandate/testing';

export interface DocumentResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value (served as application/json) or a raw string. */
  body?: unknown;
}

export interface DocumentServer {
  /** `https://127.0.0.1:<port>` (an address: no DNS involved) */
  origin: string;
  /** A PEM file of the CA that signed the server's certificate: give it to Mandate as NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Serve `response` at `path`. */
  serve(path: string, response: DocumentResponse): void;
  /** How many requests reached `path`. */
  hits(path: string): number;
  stop(): Promise<void>;
}

/** An https server on 127.0.0.1 that publishes client ID metadata documents, with a certificate for localhost. */
export async function startDocumentServer(): Promise<DocumentServer> {
  const tls = testTls(['localhost', '127.0.0.1']);
  const dir = mkdtempSync(join(tmpdir(), 'mandate-cimd-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, tls.ca);
  const routes = new Map<string, DocumentResponse>();
  const counts = new Map<string, number>();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const raw = typeof route.body === 'string';
    res.writeHead(route.status ?? 200, { ...(raw ? {} : { 'Content-Type': 'application/json' }), ...route.headers });
    res.end(raw ? (route.body as string) : route.body === undefined ? undefined : JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caFile,
    serve: (path, response) => routes.set(path, response),
    hits: (path) => counts.get(path) ?? 0,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
