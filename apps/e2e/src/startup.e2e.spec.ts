import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MandateProcess, distDir, http, startMandate } from '@mandate/testing';

describe('npm start: the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mandate-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves discovery with no NATS or Postgres server, and keeps its realms across a restart', async () => {
    const first = await startMandate({ mode: 'embedded', dataDir, env: { LOG_LEVEL: 'info' } });
    try {
      const res = await http(`${first.baseUrl}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ issuer: `${first.baseUrl}/oauth2/realms/root/realms/alpha` });
      expect(first.gateway.output.toString()).toContain('initialising the embedded Postgres');
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const second = await startMandate({ mode: 'embedded', dataDir, env: { LOG_LEVEL: 'info' } });
    try {
      expect(second.gateway.output.toString()).not.toContain('initialising the embedded Postgres');
      const res = await http(`${second.baseUrl}/oauth2/realms/root/realms/alpha/.well-known/oauth-authorization-server`);
      expect(res.status).toBe(200);
      expect((await http(`${second.baseUrl}/oauth2/realms/root/realms/nope/.well-known/openid-configuration`)).status).toBe(404);
    } finally {
      await second.stop();
    }
  });
});

describe('bad configuration', () => {
  it('stops a service at start with every problem listed', async () => {
    const proc = new MandateProcess('registration-service', distDir(), {
      PATH: process.env.PATH ?? '',
      NATS_URL: 'http://not-nats',
      DATABASE_URL: 'mysql://nope',
      AM_BASE_URL: 'not a url',
      RPC_TIMEOUT_MS: 'soon',
    });
    proc.start();
    expect(await proc.exit()).toBe(1);
    const out = proc.output.toString();
    expect(out).toContain('invalid configuration');
    for (const name of ['NATS_URL', 'DATABASE_URL', 'AM_BASE_URL', 'RPC_TIMEOUT_MS']) expect(out).toContain(name);
  });
});
