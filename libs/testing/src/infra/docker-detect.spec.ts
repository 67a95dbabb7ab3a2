import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { detectDocker } from './docker-detect';
import { freePort } from './free-port';

jest.setTimeout(60_000);

const listen = (server: Server | HttpServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
const close = (server: Server | HttpServer): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('detectDocker', () => {
  const saved = process.env['DOCKER_HOST'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DOCKER_HOST'];
    else process.env['DOCKER_HOST'] = saved;
  });

  it('returns false at once when the unix socket does not exist', async () => {
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock';
    const t0 = Date.now();
    const result = await detectDocker();
    expect(result).toEqual({ available: false, reason: 'no socket at /nonexistent/docker.sock' });
    expect(Date.now() - t0).toBeLessThan(100);
  });

  it('returns false quickly for a closed local TCP port', async () => {
    process.env['DOCKER_HOST'] = `tcp://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    const result = await detectDocker(1500);
    expect(result.available).toBe(false);
    expect(result.reason).toMatch(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('gives up after the timeout on a server that accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    process.env['DOCKER_HOST'] = `tcp://127.0.0.1:${await listen(silent)}`;
    try {
      const t0 = Date.now();
      const result = await detectDocker(500);
      const elapsed = Date.now() - t0;
      expect(result.available).toBe(false);
      expect(result.reason).toMatch(/no answer within 500 ms/);
      expect(sockets.length).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      sockets.forEach((s) => s.destroy());
      await close(silent);
    }
  });

  it('returns true for an engine that answers /_ping with 200 OK', async () => {
    const paths: string[] = [];
    const engine = createHttpServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
    process.env['DOCKER_HOST'] = `tcp://127.0.0.1:${await listen(engine)}`;
    try {
      const result = await detectDocker();
      expect(result.available).toBe(true);
      expect(paths).toEqual(['/_ping']);
    } finally {
      await close(engine);
    }
  });

  it('returns false when /_ping does not answer 200 OK', async () => {
    const engine = createHttpServer((_req, res) => res.writeHead(500).end('boom'));
    process.env['DOCKER_HOST'] = `tcp://127.0.0.1:${await listen(engine)}`;
    try {
      const result = await detectDocker();
      expect(result).toEqual({ available: false, reason: expect.stringContaining('answered 500') });
    } finally {
      await close(engine);
    }
  });
});
