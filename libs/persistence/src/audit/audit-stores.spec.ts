import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, QueryFilter } from '@mandate/contracts';
import type { AuditQuery } from '@mandate/oauth';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { introspectionStorage } from '../owned-schemas';
import { dataSourceOptions, migrate } from '../persistence.module';
import { auditOutboxStorage } from './audit.storage';
import { TypeOrmAuditEventStore } from './typeorm-audit-event.store';
import { TypeOrmAuditOutboxStore } from './typeorm-audit-outbox.store';

jest.setTimeout(60_000);

let pg: LocalPostgres;
let trail: DataSource;
let producer: DataSource;
let events: TypeOrmAuditEventStore;
let outbox: TypeOrmAuditOutboxStore;

beforeAll(async () => {
  pg = await startLocalPostgres();
  const connection = { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 };
  trail = await new DataSource(dataSourceOptions(introspectionStorage, connection)).initialize();
  await migrate(trail, 'introspection');
  const storage = { schema: 'producer', entities: [], migrations: [auditOutboxStorage('producer').migration], stores: [] };
  producer = await new DataSource(dataSourceOptions(storage, connection)).initialize();
  await migrate(producer, 'producer');
  events = new TypeOrmAuditEventStore(trail);
  outbox = new TypeOrmAuditOutboxStore(producer, 'producer');
});

afterAll(async () => {
  for (const ds of [trail, producer]) if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 12, minute)).toISOString();
const event = (overrides: Partial<AuditEvent>): AuditEvent => ({ id: randomUUID(), time: at(0), realm: '/alpha', event: 'token_issued', outcome: 'success', ...overrides });

const EVENTS: AuditEvent[] = [
  event({ time: at(1), event: 'login', subject: 'bjensen-id' }),
  event({ time: at(2), subject: 'bjensen-id', client: 'hr-client', grantType: 'authorization_code', scopes: ['read'] }),
  event({ time: at(3), event: 'token_exchanged', subject: 'bjensen-id', actors: ['hr-agent'], client: 'hr-agent', parentGrantIds: ['g1', 'g2'] }),
  event({ time: at(4), event: 'token_exchanged', subject: 'bjensen-id', actors: ['mcp-agent', 'hr-agent'], client: 'mcp-agent' }),
  event({ time: at(5), event: 'token_refused', outcome: 'failure', client: 'hr-agent', error: 'invalid_request', reason: 'no may_act' }),
  event({ time: at(6), event: 'admin_change', subject: 'amadmin-id', resource: 'users/gwen', operation: 'create' }),
  event({ time: at(6), realm: '/', event: 'login', subject: 'amadmin-id' }),
];
const query = (filter: QueryFilter, more: Partial<AuditQuery> = {}) => events.query({ realm: '/alpha', filter, sortKeys: [], pageSize: 100, ...more });
const times = async (filter: QueryFilter) => (await query(filter)).events.map((e) => e.time.slice(14, 16));

describe('TypeOrmAuditEventStore', () => {
  beforeAll(async () => {
    expect(await events.insert(EVENTS)).toBe(EVENTS.length);
  });

  it('inserts an event once however often it is delivered', async () => {
    expect(await events.insert(EVENTS.slice(0, 3))).toBe(0);
    expect((await query({ op: 'true' })).events).toHaveLength(6); // realm / is another realm's
  });

  it('answers an event as it was recorded', async () => {
    const [exchange] = (await query({ op: 'eq', field: ['_id'], value: EVENTS[2].id })).events;
    expect(exchange).toEqual({ ...EVENTS[2], audience: [], scopes: [] });
  });

  it('compares ids exactly, lists by membership, time by instant, and an absent member as false', async () => {
    expect(await times({ op: 'eq', field: ['subject'], value: 'bjensen-id' })).toEqual(['01', '02', '03', '04']);
    expect(await times({ op: 'eq', field: ['subject'], value: 'BJENSEN-ID' })).toEqual([]);
    expect(await times({ op: 'co', field: ['actors'], value: 'hr-agent' })).toEqual(['03', '04']);
    expect(await times({ op: 'co', field: ['actors'], value: 'hr' })).toEqual([]);
    expect(await times({ op: 'sw', field: ['actors'], value: 'mcp' })).toEqual(['04']);
    expect(await times({ op: 'eq', field: ['parentGrantIds'], value: 'g2' })).toEqual(['03']);
    expect(await times({ op: 'co', field: ['reason'], value: 'may_act' })).toEqual(['05']);
    expect(await times({ op: 'and', filters: [{ op: 'ge', field: ['time'], value: at(2) }, { op: 'lt', field: ['time'], value: at(4) }] })).toEqual(['02', '03']);
    expect(await times({ op: 'gt', field: ['time'], value: 'not a time' })).toEqual([]);
    expect(await times({ op: 'not', filter: { op: 'eq', field: ['client'], value: 'hr-agent' } })).toEqual(['01', '02', '04', '06']);
    expect(await times({ op: 'pr', field: ['actors'] })).toEqual(['03', '04']);
    expect(await times({ op: 'eq', field: ['password'], value: 'x' })).toEqual([]);
  });

  it('pages by keyset in any sort order, each event once', async () => {
    for (const sortKeys of [[], [{ field: 'time' as const, descending: true }], [{ field: 'event' as const, descending: false }, { field: 'time' as const, descending: true }]]) {
      const seen: string[] = [];
      let after: AuditQuery['after'];
      do {
        const page = await query({ op: 'true' }, { sortKeys, pageSize: 2, after });
        seen.push(...page.events.map((e) => e.id));
        after = page.next;
      } while (after);
      const all = (await query({ op: 'true' }, { sortKeys })).events.map((e) => e.id);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(6);
    }
    const byEvent = (await query({ op: 'true' }, { sortKeys: [{ field: 'event', descending: false }, { field: 'time', descending: true }] })).events;
    expect(byEvent.map((e) => `${e.event}@${e.time.slice(14, 16)}`)).toEqual([
      'admin_change@06',
      'login@01',
      'token_exchanged@04',
      'token_exchanged@03',
      'token_issued@02',
      'token_refused@05',
    ]);
  });
});

describe('TypeOrmAuditOutboxStore', () => {
  it('keeps events in order until they are removed, each once', async () => {
    const [a, b, c] = [event({ time: at(1) }), event({ time: at(2) }), event({ time: at(3) })];
    await Promise.all([outbox.add([a]), outbox.add([b, c]), outbox.add([a])]);
    expect((await outbox.oldest(10)).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(await outbox.oldest(1)).toEqual([a]);
    await outbox.remove([a.id, b.id]);
    expect(await outbox.oldest(10)).toEqual([c]);
  });
});
