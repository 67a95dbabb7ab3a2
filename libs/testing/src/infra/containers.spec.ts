import { connect, StorageType, StringCodec } from 'nats';
import { KeyValueBuckets, Subjects } from '@mandate/contracts';
import { Client } from 'pg';
import { startNatsContainer, startPostgresContainer } from './containers';

jest.setTimeout(300_000);

// Needs a Docker engine, so it only runs when asked for: TEST_INFRA=docker npx nx test testing
// (offline: tools/docker/ci-compose.sh runs it against the images of npm run images:base).
const describeDocker = process.env['TEST_INFRA'] === 'docker' ? describe : describe.skip;

describeDocker('Testcontainers variants', () => {
  it('starts Postgres (postgres:15-alpine or MANDATE_TEST_POSTGRES_IMAGE) with the mandate database', async () => {
    const pg = await startPostgresContainer();
    try {
      expect(pg.url).toMatch(/^postgres(ql)?:\/\/postgres:postgres@.+\/mandate$/);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      expect((await client.query('select current_database() as db')).rows[0].db).toBe('mandate');
      await client.end();
    } finally {
      await pg.stop();
    }
  });

  it('starts nats-server (nats:2.10 or MANDATE_TEST_NATS_IMAGE) without auth', async () => {
    const nats = await startNatsContainer();
    try {
      const sc = StringCodec();
      const nc = await connect({ servers: nats.url });
      nc.subscribe('ping', { callback: (_err, msg) => msg.respond(sc.encode('pong')) });
      expect(sc.decode((await nc.request('ping', sc.encode(''), { timeout: 2000 })).data)).toBe('pong');
      await nc.close();
    } finally {
      await nats.stop();
    }
  });

  it('starts nats-server secured as the generated configuration says: TLS, one nkey per app, the catalogue\'s permissions, JetStream for the gateway\'s bucket', async () => {
    const nats = await startNatsContainer({ secure: true });
    const open: Array<Awaited<ReturnType<typeof connect>>> = [];
    try {
      const sc = StringCodec();
      await expect(connect({ servers: nats.url, tls: { caFile: nats.secrets!.caFile }, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
      const service = await connect({ ...nats.connectOptions('registration-service'), reconnect: false });
      const gateway = await connect({ ...nats.connectOptions('gateway'), reconnect: false });
      open.push(service, gateway);
      service.subscribe(Subjects.registration.discoveryGet, { queue: 'registration-service', callback: (_err, msg) => msg.respond(sc.encode('served')) });
      await service.flush();
      expect(sc.decode((await gateway.request(Subjects.registration.discoveryGet, sc.encode('{}'), { timeout: 5000 })).data)).toBe('served');
      const counters = await gateway.jetstream().views.kv(KeyValueBuckets.rateLimits.name, { storage: StorageType.Memory, history: 1, ttl: 60_000 });
      await counters.create('probe', sc.encode('1'));
      expect(sc.decode((await counters.get('probe'))!.value)).toBe('1');
    } finally {
      await Promise.all(open.map((nc) => nc.close()));
      await nats.stop();
    }
  });
});
