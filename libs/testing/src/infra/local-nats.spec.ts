import { connect, StringCodec, type NatsConnection } from 'nats';
import { startLocalNats, type LocalNats } from './local-nats';

jest.setTimeout(60_000);

const sc = StringCodec();

async function echoRoundTrip(url: string, text: string): Promise<string> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const sub = nc.subscribe('echo');
    (async () => {
      for await (const msg of sub) msg.respond(sc.encode(`re:${sc.decode(msg.data)}`));
    })();
    const reply = await nc.request('echo', sc.encode(text), { timeout: 2000 });
    return sc.decode(reply.data);
  } finally {
    await nc.close();
  }
}

describe('startLocalNats', () => {
  let nats: LocalNats | undefined;
  afterAll(() => nats?.stop());

  it('serves request/reply, and stop()/start() reuse the same port', async () => {
    nats = await startLocalNats();
    expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    expect(await echoRoundTrip(nats.url, 'one')).toBe('re:one');

    const firstPid = nats.pid;
    await nats.stop();
    expect(nats.running).toBe(false);
    expect(nats.pid).toBeUndefined();
    await expect(connect({ servers: nats.url, reconnect: false, timeout: 1000 })).rejects.toThrow();

    await nats.start();
    expect(nats.running).toBe(true);
    expect(nats.pid).not.toBe(firstPid);
    expect(await echoRoundTrip(nats.url, 'two')).toBe('re:two');

    await nats.start(); // already running: no-op
    await nats.stop();
    await nats.stop(); // idempotent
  });

  it('lets a connected client reconnect across restart()', async () => {
    nats = await startLocalNats();
    const nc: NatsConnection = await connect({ servers: nats.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    try {
      const sub = nc.subscribe('echo');
      (async () => {
        for await (const msg of sub) msg.respond(sc.encode(`re:${sc.decode(msg.data)}`));
      })();
      // nats.js 2.x drops anything published while disconnected, so wait for the reconnect first.
      const reconnected = (async () => {
        for await (const status of nc.status()) if (status.type === 'reconnect') return;
      })();
      await nats.restart();
      await reconnected;
      const reply = await nc.request('echo', sc.encode('after'), { timeout: 5000 });
      expect(sc.decode(reply.data)).toBe('re:after');
    } finally {
      await nc.close();
      await nats.stop();
    }
  });

  it('serves /varz on its monitoring port when asked, counting the messages it received', async () => {
    nats = await startLocalNats({ monitor: true });
    try {
      expect(nats.monitorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const inMsgs = async () => ((await (await fetch(`${nats?.monitorUrl}/varz`)).json()) as { in_msgs: number }).in_msgs;
      const before = await inMsgs();
      await echoRoundTrip(nats.url, 'counted');
      expect((await inMsgs()) - before).toBeGreaterThanOrEqual(2); // the request and its reply
    } finally {
      await nats.stop();
    }
    const plain = await startLocalNats();
    await plain.stop();
    expect(plain.monitorUrl).toBeUndefined();
  });

  it('fails with an install hint when the binary is missing', async () => {
    const saved = process.env['NATS_SERVER_BIN'];
    process.env['NATS_SERVER_BIN'] = '/nonexistent/nats-server';
    try {
      await expect(startLocalNats()).rejects.toThrow(/NATS_SERVER_BIN=\/nonexistent\/nats-server/);
    } finally {
      if (saved === undefined) delete process.env['NATS_SERVER_BIN'];
      else process.env['NATS_SERVER_BIN'] = saved;
    }
  });
});
