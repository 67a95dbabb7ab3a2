import type { AuditEvent } from '@mandate/contracts';
import type { AuditOutboxStore } from '@mandate/oauth';
import { createLogger } from '../logging/logger';
import type { RpcClient } from '../rpc/rpc.client';
import { ServiceUnavailableError } from '../rpc/rpc.client';
import { AuditOutboxDrainer, AuditRecorder } from './audit-outbox';

/** An outbox in memory, in order, as the table keeps it. */
class MemoryOutbox implements AuditOutboxStore {
  readonly rows: AuditEvent[] = [];
  async add(events: AuditEvent[]) {
    for (const e of events) if (!this.rows.some((r) => r.id === e.id)) this.rows.push(e);
  }
  async oldest(limit: number) {
    return this.rows.slice(0, limit);
  }
  async remove(ids: string[]) {
    for (const id of ids) this.rows.splice(this.rows.findIndex((r) => r.id === id), 1);
  }
}

/** The audit store's side of `introspection.audit.record`: down until told otherwise. */
function auditStore() {
  const stored = new Map<string, AuditEvent>();
  const store = {
    up: false,
    stored,
    rpc: {
      request: async (_subject: string, payload: { events: AuditEvent[] }) => {
        if (!store.up) throw new ServiceUnavailableError('introspection.audit.record', 'no-responders');
        let inserted = 0;
        for (const e of payload.events) if (!stored.has(e.id) && stored.set(e.id, e)) inserted++;
        return { inserted };
      },
    } as unknown as RpcClient,
  };
  return store;
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the audit outbox', () => {
  const logger = createLogger('token-service', 'silent');
  let drainer: AuditOutboxDrainer | undefined;
  afterEach(() => drainer?.onApplicationShutdown());

  it('keeps every event while the audit store is down and delivers each once when it is back, then empties the outbox', async () => {
    const outbox = new MemoryOutbox();
    const store = auditStore();
    drainer = new AuditOutboxDrainer(outbox, store.rpc, logger);
    const recorder = new AuditRecorder(outbox, drainer, logger);
    drainer.onApplicationBootstrap();
    for (let i = 0; i < 450; i++) await recorder.record({ realm: '/alpha', event: 'token_issued', outcome: 'success', client: `c${i}` });
    await new Promise((r) => setTimeout(r, 300));
    expect(outbox.rows).toHaveLength(450);
    expect(store.stored.size).toBe(0);

    store.up = true;
    await until(() => outbox.rows.length === 0);
    expect(store.stored.size).toBe(450);
    expect([...store.stored.values()].map((e) => e.client)).toEqual(Array.from({ length: 450 }, (_, i) => `c${i}`));
  });

  it('answers the caller even when its outbox cannot be written', async () => {
    const outbox = new MemoryOutbox();
    outbox.add = async () => {
      throw new Error('database down');
    };
    const store = auditStore();
    drainer = new AuditOutboxDrainer(outbox, store.rpc, logger);
    await expect(new AuditRecorder(outbox, drainer, logger).record({ realm: '/alpha', event: 'login', outcome: 'success' })).resolves.toBeUndefined();
  });
});
