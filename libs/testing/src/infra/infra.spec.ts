import { existsSync } from 'node:fs';
import { connect, StringCodec } from 'nats';
import { Client } from 'pg';
import { startInfra, type Infra } from './infra';
import type { LocalNats } from './local-nats';
import type { LocalPostgres } from './local-postgres';

jest.setTimeout(60_000);

const isAlive = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startInfra', () => {
  const saved = { TEST_INFRA: process.env['TEST_INFRA'], DOCKER_HOST: process.env['DOCKER_HOST'] };
  let infra: Infra | undefined;
  afterEach(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await infra?.stop();
    infra = undefined;
  });

  it('picks local mode when no docker engine answers, and stop() cleans up', async () => {
    delete process.env['TEST_INFRA'];
    // An engine may run on this machine (CI starts one for the compose test): point at none.
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock';
    infra = await startInfra();
    expect(infra.mode).toBe('local');
    expect(infra.reason).toBe('no socket at /nonexistent/docker.sock');

    const pg = infra.postgres as LocalPostgres;
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.end();

    // The server enforces the generated identities: a service answers its health subject, the gateway asks.
    const nats = infra.nats as LocalNats;
    const sc = StringCodec();
    const service = await connect(nats.connectOptions('authn-service'));
    service.subscribe('authn-service.health', { queue: 'authn-service', callback: (_err, msg) => msg.respond(sc.encode('pong')) });
    await service.flush();
    const gateway = await connect(nats.connectOptions('gateway'));
    expect(sc.decode((await gateway.request('authn-service.health', sc.encode(''), { timeout: 2000 })).data)).toBe('pong');
    await Promise.all([service.close(), gateway.close()]);

    const natsPid = nats.pid;
    expect(isAlive(pg.pid) && isAlive(natsPid)).toBe(true);
    await infra.stop();
    expect(isAlive(pg.pid)).toBe(false);
    expect(isAlive(natsPid)).toBe(false);
    expect(existsSync(pg.dir)).toBe(false);
    await infra.stop(); // idempotent
  });

  it('honours TEST_INFRA=local and starts only the requested services', async () => {
    process.env['TEST_INFRA'] = 'local';
    infra = await startInfra({ nats: true });
    expect(infra).toMatchObject({ mode: 'local', reason: 'TEST_INFRA=local', postgres: undefined });
    expect(infra.nats?.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects an unknown TEST_INFRA value', async () => {
    process.env['TEST_INFRA'] = 'cloud';
    await expect(startInfra()).rejects.toThrow('TEST_INFRA must be "local" or "docker", got "cloud"');
  });
});
