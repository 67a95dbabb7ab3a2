import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import {
  LOGGER,
  RPC_TRANSPORT_CLIENT,
  RealmClient,
  EventPublisher,
  EventResyncs,
  RpcClient,
  RpcErrorFilter,
  SessionClient,
  auditProducerProviders,
  createClient,
  createLogger,
  loadConfig,
  serverOptions,
  transportConfig,
} from '@mandate/platform';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { KeyRotationScheduler } from './key-rotation.scheduler';
import { KeyRotationService } from './key-rotation.service';
import { KeyService } from './key.service';
import { keysConfig } from './keys.config';
import { KeysRotatedHandler } from './keys-rotated.handler';
import { KeysRotatedPublisher } from './keys-rotated.publisher';
import { PrivateKeySealer } from './private-key.sealer';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;

interface Replica {
  app: INestMicroservice;
  keys: KeyService;
  rotation: KeyRotationService;
  scheduler: KeyRotationScheduler;
  db: DataSource;
}

let pg: LocalPostgres;
const apps: INestMicroservice[] = [];

/** One token-service replica's key management, listening on the in-process bus for token.keys.rotated. */
async function replica(env: Record<string, string> = {}, start = true): Promise<Replica> {
  const transport = loadConfig(transportConfig, { MANDATE_TRANSPORT: 'inproc', RPC_TIMEOUT_MS: '5000' });
  const logger = createLogger('token-service', 'silent');
  const moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(tokenStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 }))],
    controllers: [KeysRotatedHandler],
    providers: [
      PrivateKeySealer,
      KeyService,
      KeysRotatedPublisher,
      EventPublisher,
      EventResyncs,
      KeyRotationService,
      KeyRotationScheduler,
      SessionClient,
      RealmClient,
      RpcClient,
      ...auditProducerProviders,
      { provide: keysConfig.token, useValue: loadConfig(keysConfig, env) },
      { provide: transportConfig.token, useValue: transport },
      { provide: RPC_TRANSPORT_CLIENT, useFactory: () => createClient(transport, 'token-service') },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  const app = moduleRef.createNestMicroservice(serverOptions(transport, 'token-service'));
  app.useLogger(false);
  app.useGlobalFilters(new RpcErrorFilter(logger));
  apps.push(app);
  if (start) await app.listen();
  return { app, keys: app.get(KeyService), rotation: app.get(KeyRotationService), scheduler: app.get(KeyRotationScheduler), db: app.get(DataSource) };
}

/** Makes the realm's active key `days` old, as if it had been created then. */
async function age(db: DataSource, realm: string, days: number): Promise<void> {
  await db.query(`UPDATE "token"."signing_keys" SET "created_at" = now() - make_interval(days => $2) WHERE "realm" = $1 AND "status" = 'active'`, [realm, days]);
}

async function statuses(db: DataSource, realm: string): Promise<Array<[string, string]>> {
  const rows: Array<{ kid: string; status: string }> = await db.query(`SELECT "kid", "status" FROM "token"."signing_keys" WHERE "realm" = $1 ORDER BY "created_at"`, [realm]);
  return rows.map((r) => [r.kid, r.status]);
}

beforeAll(async () => {
  pg = await startLocalPostgres();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await pg?.stop();
});

describe('KeyRotationService: the scheduled rotation', () => {
  it('rotates a realm whose active key is older than MANDATE_KEY_ROTATION_DAYS, and only that realm', async () => {
    const { keys, rotation, db } = await replica({ MANDATE_KEY_ROTATION_DAYS: '30' });
    const old = await keys.keyRing('/sched-old');
    const young = await keys.keyRing('/sched-young');
    await age(db, '/sched-old', 31);
    await age(db, '/sched-young', 29);

    expect(await rotation.rotateDue()).toEqual(['/sched-old']);
    const rotated = await keys.keyRing('/sched-old');
    expect(rotated.activeKid).not.toBe(old.activeKid);
    expect(await statuses(db, '/sched-old')).toEqual([
      [old.activeKid, 'retired'],
      [rotated.activeKid, 'active'],
    ]);
    expect(await statuses(db, '/sched-young')).toEqual([[young.activeKid, 'active']]);
    // The new key is young: the next check leaves it alone.
    expect(await rotation.rotateDue()).toEqual([]);
  });

  it('rotates as the clock passes the interval, without touching the table', async () => {
    const { keys, rotation } = await replica({ MANDATE_KEY_ROTATION_DAYS: '90' });
    const ring = await keys.keyRing('/sched-clock');
    const created = ring.active.createdAt!.getTime();
    expect(await rotation.rotateDue(new Date(created + 89 * DAY_MS))).not.toContain('/sched-clock');
    expect(await rotation.rotateDue(new Date(created + 91 * DAY_MS))).toContain('/sched-clock');
    expect((await keys.keyRing('/sched-clock')).activeKid).not.toBe(ring.activeKid);
  });

  it('never rotates on schedule with MANDATE_KEY_ROTATION_DAYS=0', async () => {
    const { keys, rotation, db } = await replica({ MANDATE_KEY_ROTATION_DAYS: '0' });
    const ring = await keys.keyRing('/sched-off');
    await age(db, '/sched-off', 3650);
    expect(await rotation.rotateDue()).toEqual([]);
    expect(await statuses(db, '/sched-off')).toEqual([[ring.activeKid, 'active']]);
  });

  it('rotates a due key once when two replicas check at the same time', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const original = await a.keys.keyRing('/sched-race');
    await age(a.db, '/sched-race', 91);
    const [byA, byB] = await Promise.all([a.rotation.rotateDue(), b.rotation.rotateDue()]);
    expect([...byA, ...byB].filter((realm) => realm === '/sched-race')).toEqual(['/sched-race']);
    const rows = await statuses(a.db, '/sched-race');
    expect(rows.map(([, status]) => status)).toEqual(['retired', 'active']);
    expect(rows[0][0]).toBe(original.activeKid);
  });

  it('checks at start: a replica that boots with an overdue key rotates it', async () => {
    const first = await replica();
    const ring = await first.keys.keyRing('/sched-boot');
    await age(first.db, '/sched-boot', 91);
    const booted = await replica({}, false);
    const checked = jest.spyOn(booted.rotation, 'rotateDue');
    await booted.app.listen();
    expect(checked).toHaveBeenCalledTimes(1);
    await booted.scheduler.idle();
    expect((await statuses(booted.db, '/sched-boot')).map(([kid, status]) => [kid === ring.activeKid, status])).toEqual([
      [true, 'retired'],
      [false, 'active'],
    ]);
  });
});

describe('token.keys.rotated', () => {
  it('makes another replica drop its cached ring, so it signs with the new key at once', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const before = await b.keys.keyRing('/event');
    expect((await a.keys.keyRing('/event')).activeKid).toBe(before.activeKid);
    await age(a.db, '/event', 91);

    const forgot = new Promise<string>((resolve) => jest.spyOn(b.keys, 'forget').mockImplementationOnce(function (this: KeyService, realm: string) {
      KeyService.prototype.forget.call(this, realm);
      resolve(realm);
    }));
    expect(await a.rotation.rotateDue()).toContain('/event');
    expect(await forgot).toBe('/event');
    const after = await b.keys.keyRing('/event');
    expect(after.activeKid).not.toBe(before.activeKid);
    expect(after.activeKid).toBe((await a.keys.keyRing('/event')).activeKid);
  });
});
