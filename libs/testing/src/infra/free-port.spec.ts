import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { freePort } from './free-port';

describe('freePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('freePort, outside the ephemeral range', () => {
  it('never returns a port the kernel may give an outgoing connection', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
    }
  });
});

describe('freePort, reserved across processes', () => {
  it('never hands a port out twice while its owner lives, in this process or another', async () => {
    const here = await Promise.all(Array.from({ length: 200 }, () => freePort()));
    expect(new Set(here).size).toBe(here.length);
    const dir = join(tmpdir(), 'mandate-test-ports');
    for (const port of here) expect(readFileSync(join(dir, String(port)), 'utf8')).toBe(String(process.pid));
    // Another process drawing many ports meanwhile gets none of ours.
    const script = `const { freePort } = require(${JSON.stringify(require.resolve('./free-port'))}); Promise.all(Array.from({ length: 300 }, () => freePort())).then((p) => console.log(JSON.stringify(p)));`;
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { encoding: 'utf8' });
    const there: number[] = JSON.parse(out.trim().split('\n').pop() ?? '[]');
    expect(there).toHaveLength(300);
    expect(there.filter((p) => here.includes(p))).toEqual([]);
    // That process has exited: its reservations are gone.
    expect(there.filter((p) => existsSync(join(dir, String(p))))).toEqual([]);
  });
});
