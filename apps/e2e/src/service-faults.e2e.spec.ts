import { type Infra, type LocalNats, type MandateStack, http, startInfra, startMandate } from '@mandate/testing';

const RPC_TIMEOUT_MS = 4000;

// What a user sees when a part of the distributed stack goes away: a bounded 503, then recovery.
describe('service faults (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    infra = await startInfra();
    stack = await startMandate({ mode: 'distributed', infra, env: { RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) } });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  const discovery = () => http(`${stack!.baseUrl}/oauth2/realms/root/realms/alpha/.well-known/openid-configuration`);

  async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('condition not met in time');
  }

  it('answers 503 at once while registration-service is down, then serves again when it is back', async () => {
    const registration = stack!.services.get('registration-service')!;
    expect(await registration.stop()).toBe(0); // graceful exit on SIGTERM
    const down = await discovery();
    expect(down.status).toBe(503);
    expect(down.json).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'A Mandate service needed for this request is unavailable; try again shortly',
    });
    expect(down.headers.get('cache-control')).toBe('no-store');
    expect(down.ms).toBeLessThan(RPC_TIMEOUT_MS);
    const ready = await http(`${stack!.origin}/health/ready`);
    expect(ready.status).toBe(503);
    expect((ready.json as { error: Record<string, unknown> }).error).toHaveProperty('registration-service');

    registration.start();
    await registration.waitReady();
    expect((await discovery()).status).toBe(200);
  });

  it('keeps serving through a second replica in the same queue group when the first stops', async () => {
    const first = stack!.services.get('registration-service')!;
    const second = await stack!.addReplica('registration-service');
    await first.stop();
    for (let i = 0; i < 20; i++) expect((await discovery()).status).toBe(200);
    first.start();
    await first.waitReady();
    await second.stop();
    expect((await discovery()).status).toBe(200);
  });

  it('answers the requests in flight when a service is killed with 503 at once, not at the RPC timeout', async () => {
    const registration = stack!.services.get('registration-service')!;
    const calls: Array<{ started: number; ended: number; status: number }> = [];
    let killedAt = Number.POSITIVE_INFINITY;
    const until = performance.now() + 1_000;
    const worker = async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const { status } = await discovery();
        calls.push({ started, ended: performance.now(), status });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 300));
    killedAt = performance.now();
    await registration.stop('SIGKILL');
    await Promise.all(workers);

    const inFlight = calls.filter((c) => c.started < killedAt && c.ended > killedAt);
    expect(inFlight.length).toBeGreaterThan(0);
    for (const call of calls) expect([200, 503]).toContain(call.status);
    // Found lost by the held probe (no instance left: no-responders), not waited out for 4 s.
    expect(Math.max(...inFlight.map((c) => c.ended - killedAt))).toBeLessThan(1_500);
    expect(calls.filter((c) => c.started > killedAt).every((c) => c.status === 503 && c.ended - c.started < 1_500)).toBe(true);

    registration.start();
    await registration.waitReady();
    expect((await discovery()).status).toBe(200);
  });

  it('answers 503 within the RPC timeout while NATS is down, and recovers when NATS returns', async () => {
    const nats = infra!.nats as LocalNats;
    if (typeof nats.start !== 'function') return; // a container NATS cannot be restarted on the same port
    await nats.stop();
    const down = await discovery();
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(RPC_TIMEOUT_MS + 1500);
    expect((await http(`${stack!.origin}/health/ready`)).status).toBe(503);
    await nats.start();
    await eventually(async () => (await discovery()).status === 200);
    await eventually(async () => (await http(`${stack!.origin}/health/ready`)).status === 200);
  });
});
