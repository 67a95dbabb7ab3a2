import 'reflect-metadata';
import { type Server, type Socket, connect as tcpConnect, createServer } from 'node:net';
import { type ConfigChangedEvent, Messages, type SessionEndedEvent } from '@mandate/contracts';
import { freePort, startLocalNats, type LocalNats } from '@mandate/testing';
import { JSONCodec, type NatsConnection, connect } from 'nats';
import { loadConfig } from '../config/config';
import { transportConfig } from '../config/slices';
import { createLogger } from '../logging/logger';
import { inProcBus } from '../transport/inproc-bus';
import { createClient, type RpcTransport } from '../transport/transport';
import { EventPublisher } from './event-publisher';

jest.setTimeout(60_000);

const logger = createLogger('test', 'silent');
const changed = (id: string): ConfigChangedEvent => ({ realm: '/alpha', kind: 'client', id });
const ended: SessionEndedEvent = { tokenHash: 'a'.repeat(64), reason: 'logout' };
const { configChanged } = Messages.registration;
const { sessionEnded } = Messages.authn;

/**
 * A TCP relay in front of nats-server that can be cut: the publisher's connection goes through
 * it and drops, while the subscriber's (direct) stays, so what the subscriber receives is what
 * the publisher delivered, and no reconnect of its own can race with the republished events.
 */
async function relayTo(target: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server?.listening) return resolve();
      server = createServer((client) => {
        const upstream = tcpConnect(target, '127.0.0.1');
        [client, upstream].forEach(track);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  await open();
  return {
    url: `nats://127.0.0.1:${port}`,
    open,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      });
    },
  };
}

async function eventually(check: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('EventPublisher over NATS', () => {
  let nats: LocalNats;
  let subscriber: NatsConnection;
  let relay: Awaited<ReturnType<typeof relayTo>>;
  const received: Array<{ subject: string; data: unknown }> = [];
  const clients: RpcTransport[] = [];
  const publishers: EventPublisher[] = [];

  beforeAll(async () => {
    nats = await startLocalNats();
    subscriber = await connect({ servers: nats.url });
    const codec = JSONCodec<{ data: unknown }>();
    for (const subject of [configChanged.subject, sessionEnded.subject]) {
      subscriber.subscribe(subject, { callback: (_, msg) => received.push({ subject: msg.subject, data: codec.decode(msg.data).data }) });
    }
    await subscriber.flush();
    relay = await relayTo(nats.port);
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterEach(async () => {
    for (const publisher of publishers.splice(0)) publisher.onApplicationShutdown();
    for (const client of clients.splice(0)) await client.close();
    await relay.open();
  });

  afterAll(async () => {
    await relay.cut();
    await subscriber.close();
    await nats.stop();
  });

  function publisher(options: { service?: string; backlogMax?: number } = {}) {
    const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'nats', NATS_URL: relay.url, RPC_TIMEOUT_MS: '1000' });
    const client = createClient(config, 'registration-service');
    clients.push(client);
    const events = new EventPublisher(client, logger, config, options.service, options.backlogMax);
    publishers.push(events);
    return events;
  }

  const payloads = (subject: string) => received.filter((r) => r.subject === subject).map((r) => r.data);

  it('keeps the events published while the bus is away and publishes them, in order, once it is back', async () => {
    const events = publisher();
    await events.publish(configChanged, changed('before'));
    await eventually(() => received.length === 1);

    await relay.cut();
    const started = Date.now();
    for (const id of ['one', 'two', 'three']) await events.publish(configChanged, changed(id));
    expect(Date.now() - started).toBeLessThan(3_000); // no caller waits for the outage to end
    expect(events.pending).toBe(3);
    expect(payloads(configChanged.subject)).toEqual([changed('before')]);

    await relay.open();
    await eventually(() => received.length === 4);
    expect(payloads(configChanged.subject)).toEqual(['before', 'one', 'two', 'three'].map(changed));
    expect(events.pending).toBe(0);
  });

  it('replaces a backlog that overflows with one resync per subject it held, sent before what follows', async () => {
    const events = publisher({ backlogMax: 2 });
    await events.publish(configChanged, changed('before'));
    await eventually(() => received.length === 1);

    await relay.cut();
    await events.publish(configChanged, changed('one'));
    await events.publish(sessionEnded, ended);
    await events.publish(configChanged, changed('overflows'));
    await events.publish(configChanged, changed('covered by the resync'));
    expect(events.pending).toBe(2); // the two resyncs

    await relay.open();
    await eventually(() => events.pending === 0);
    await events.publish(configChanged, changed('after'));
    await eventually(() => payloads(configChanged.subject).length === 3);
    expect(payloads(configChanged.subject)).toEqual([changed('before'), { resync: true, reason: 'overflow' }, changed('after')]);
    expect(payloads(sessionEnded.subject)).toEqual([{ resync: true, reason: 'overflow' }]);
  });

  it('sends a resync on every subject its service publishes when it starts, for what an earlier instance may not have delivered', async () => {
    publisher({ service: 'registration-service' }).onApplicationBootstrap();
    publisher({ service: 'authn-service' }).onApplicationBootstrap();
    await eventually(() => received.length === 2);
    expect(payloads(configChanged.subject)).toEqual([{ resync: true, reason: 'restart' }]);
    expect(payloads(sessionEnded.subject)).toEqual([{ resync: true, reason: 'restart' }]);
  });
});

describe('EventPublisher on the in-process bus', () => {
  it('publishes no resync at start: publisher and receivers share the process, nothing can be lost', async () => {
    const config = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc' });
    const seen: unknown[] = [];
    const off = inProcBus().subscribe(configChanged.subject, async (data) => void seen.push(data));
    const events = new EventPublisher(createClient(config, 'registration-service'), logger, config, 'registration-service');
    try {
      events.onApplicationBootstrap();
      await events.publish(configChanged, changed('c'));
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toHaveLength(1);
      expect(JSON.stringify(seen)).toContain('"id":"c"');
      expect(events.pending).toBe(0);
    } finally {
      off();
      events.onApplicationShutdown();
    }
  });
});
