// W0: the ceiling of this machine — a bare Node HTTP server answering a small JSON document.
import { createServer } from 'node:http';

const body = JSON.stringify({ issuer: 'http://127.0.0.1/bare', ok: true });
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
