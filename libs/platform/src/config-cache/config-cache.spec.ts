import 'reflect-metadata';
import { type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { type ConfigChangedEvent, Subjects } from '@mandate/contracts';
import { startLocalNats, type LocalNats } from '@mandate/testing';
import type { NatsConnection } from 'nats';
import { lastValueFrom } from 'rxjs';
import { loadConfig } from '../config/config';
import { EventResyncs, resyncAfterReconnects } from '../events/event-resyncs';
import { transportConfig, type TransportConfig } from '../config/slices';
import { LOGGER, createLogger } from '../logging/logger';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';
import { createClient, serverOptions } from '../transport/transport';
import { ConfigCache } from './config-cache';
import { ConfigCaches } from './config-caches';
import { ConfigChangedHandler } from './config-changed.handler';

jest.setTimeout(60_000);

const changed = (kind: ConfigChangedEvent['kind'], id: string, realm = '/alpha'): ConfigChangedEvent => ({ realm, kind, id });

describe('ConfigCache', () => {
  it('answers from the cache until a change event of its kind names the entry', async () => {
    const cache = new ConfigCache<string>({ kind: 'client' });
    const load = jest.fn().mockResolvedValueOnce('v1').mockResolvedValueOnce('v2');
    expect(await cache.get('/alpha', 'hr-client', load)).toBe('v1');
    expect(await cache.get('/alpha', 'hr-client', load)).toBe('v1');
    cache.changed(changed('client', 'other'));
    cache.changed(changed('client', 'hr-client', '/beta'));
    expect(await cache.get('/alpha', 'hr-client', load)).toBe('v1');
    cache.changed(changed('client', 'hr-client'));
    expect(await cache.get('/alpha', 'hr-client', load)).toBe('v2');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops every entry of a realm on a kind it derives from', async () => {
    const cache = new ConfigCache<string>({ kind: 'client', dropRealmOn: ['provider'] });
    await cache.get('/alpha', 'a', async () => 'a');
    await cache.get('/beta', 'b', async () => 'b');
    cache.changed(changed('provider', 'oauth-oidc'));
    expect(cache.size).toBe(1);
  });

  it('does not keep a value whose load overlapped a change', async () => {
    const cache = new ConfigCache<string>({ kind: 'script' });
    let finish: (v: string) => void = () => undefined;
    const slow = cache.get('/alpha', 's', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.changed(changed('script', 's'));
    finish('stale');
    expect(await slow).toBe('stale');
    expect(await cache.get('/alpha', 's', async () => 'fresh')).toBe('fresh');
  });

  it('reads again after its expiry, as a safety net for a lost event', async () => {
    const cache = new ConfigCache<string>({ kind: 'policy', ttlMs: 20 });
    await cache.get('/alpha', 'p', async () => 'old');
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get('/alpha', 'p', async () => 'new')).toBe('new');
  });

  it('shares one load between concurrent readers', async () => {
    const cache = new ConfigCache<number>({ kind: 'client' });
    const load = jest.fn(async () => 7);
    expect(await Promise.all([cache.get('/', 'c', load), cache.get('/', 'c', load)])).toEqual([7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

@Module({ controllers: [ConfigChangedHandler], providers: [ConfigCaches, EventResyncs, { provide: LOGGER, useValue: createLogger('test', 'silent') }] })
class ListenerModule {}

describe.each(['inproc', 'nats'] as const)('registration.config.changed over the %s transport', (kind) => {
  let nats: LocalNats | undefined;
  let config: TransportConfig;
  const instances: INestMicroservice[] = [];

  async function startInstance(): Promise<INestMicroservice> {
    // Two instances of one service share a queue group name: events must still reach both.
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(ListenerModule, { ...serverOptions(config, 'token-service'), logger: false });
    app.useGlobalFilters(new RpcErrorFilter(createLogger('test', 'silent')));
    resyncAfterReconnects(app.status, app.get(EventResyncs)); // as startService does
    await app.listen();
    if (kind === 'nats') await app.unwrap<NatsConnection>().flush();
    instances.push(app);
    return app;
  }

  beforeAll(async () => {
    if (kind === 'nats') nats = await startLocalNats();
    config = loadConfig(transportConfig, { MANDATE_TRANSPORT: kind, ...(nats ? { NATS_URL: nats.url } : {}) });
  });

  afterAll(async () => {
    for (const app of instances) await app.close();
    await nats?.stop();
  });

  it('reaches every instance of every service and drops their cached entries', async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const caches = [a, b].map((app) => app.get(ConfigCaches).create<string>({ kind: 'client' }));
    for (const cache of caches) await cache.get('/alpha', 'hr-client', async () => 'cached');
    const received = [a, b].map((app) => new Promise<ConfigChangedEvent>((resolve) => app.get(ConfigCaches).onChange(resolve)));

    const client = createClient(config, 'registration-service');
    try {
      await lastValueFrom(client.emit(Subjects.registration.configChanged, changed('client', 'hr-client')), { defaultValue: undefined });
      await expect(Promise.all(received)).resolves.toEqual([changed('client', 'hr-client'), changed('client', 'hr-client')]);
    } finally {
      await client.close();
    }
    for (const cache of caches) expect(cache.size).toBe(0);
  });

  it('ignores an event that violates its contract', async () => {
    const [app] = instances;
    const seen: ConfigChangedEvent[] = [];
    app.get(ConfigCaches).onChange((e) => seen.push(e));
    const client = createClient(config, 'registration-service');
    try {
      await lastValueFrom(client.emit(Subjects.registration.configChanged, { realm: 'alpha', kind: 'everything' }), { defaultValue: undefined });
      await lastValueFrom(client.emit(Subjects.registration.configChanged, changed('script', 's')), { defaultValue: undefined });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.close();
    }
    expect(seen).toEqual([changed('script', 's')]);
  });

  it('drops every cached entry on a resync: events on the subject were lost at the publisher', async () => {
    const [app] = instances;
    const cache = app.get(ConfigCaches).create<string>({ kind: 'client' });
    await cache.get('/alpha', 'hr-client', async () => 'cached');
    await cache.get('/beta', 'other', async () => 'cached');
    const client = createClient(config, 'registration-service');
    try {
      await lastValueFrom(client.emit(Subjects.registration.configChanged, { resync: true, reason: 'overflow' }), { defaultValue: undefined });
      await eventually(() => cache.size === 0);
    } finally {
      await client.close();
    }
  });

  if (kind === 'nats') {
    it('drops every cached entry once its connection to NATS is back: it may have missed events meanwhile', async () => {
      const [app] = instances;
      const cache = app.get(ConfigCaches).create<string>({ kind: 'client' });
      await cache.get('/alpha', 'hr-client', async () => 'cached');
      await nats!.restart();
      await eventually(() => cache.size === 0);
      expect(await cache.get('/alpha', 'hr-client', async () => 'fresh')).toBe('fresh');
    });
  }
});

async function eventually(check: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
