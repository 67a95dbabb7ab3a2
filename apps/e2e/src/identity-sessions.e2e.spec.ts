import { type Infra, type MandateStack, type WireResponse, http, startInfra, startMandate } from '@mandate/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// First start without AM_ADMIN_PASSWORD, and SSO session lifetimes, in the in-process mode
// (every service in one process) on real Postgres. Idle 3 s and maximum 7.2 s stand in for AM's 30 and 120 minutes.
describe('amadmin’s first start and SSO session lifetimes (in-process)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  const json = (path: string) => `${stack!.baseUrl}/json${path}`;
  const login = (realmPath: string, username: string, password: string) =>
    http(json(`${realmPath}/authenticate`), { method: 'POST', headers: { 'X-OpenAM-Username': username, 'X-OpenAM-Password': password } });
  const tokenOf = (res: WireResponse) => (res.json as { tokenId: string }).tokenId;
  const validate = async (token: string) =>
    (await http(json('/realms/root/sessions?_action=validate'), { method: 'POST', headers: { iPlanetDirectoryPro: token } })).json;

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: false });
    stack = await startMandate({ mode: 'in-process', infra, env: { SSO_SESSION_IDLE_MINUTES: '0.05', SSO_SESSION_MAX_MINUTES: '0.12' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  it('generates amadmin’s password when AM_ADMIN_PASSWORD is unset, prints it once, and it signs in', async () => {
    const output = stack!.gateway.output.toString();
    const printed = [...output.matchAll(/generated password \(AM_ADMIN_PASSWORD is not set\): (\S+) /g)];
    expect(printed).toHaveLength(1);
    expect(output).toMatch(/"level":40.*"audit":"authn\.admin\.created"/);
    const res = await login('/realms/root', 'amadmin', printed[0][1]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/' });
  });

  it('keeps a session alive while it is used, and ends it after the idle time', async () => {
    const password = /generated password \(AM_ADMIN_PASSWORD is not set\): (\S+) /.exec(stack!.gateway.output.toString())![1];
    const token = tokenOf(await login('/realms/root', 'amadmin', password));
    for (let i = 0; i < 3; i++) {
      await sleep(2_000);
      expect(await validate(token)).toMatchObject({ valid: true, uid: 'amadmin', realm: '/' });
    }
    await sleep(3_500);
    expect(await validate(token)).toEqual({ valid: false });
    const res = await http(json('/realms/root/users/amadmin'), { headers: { iPlanetDirectoryPro: token } });
    expect(res.status).toBe(401);
  });

  it('ends a session at its maximum lifetime even while it is used', async () => {
    const password = /generated password \(AM_ADMIN_PASSWORD is not set\): (\S+) /.exec(stack!.gateway.output.toString())![1];
    const token = tokenOf(await login('/realms/root', 'amadmin', password));
    const started = Date.now();
    while (Date.now() - started < 6_500) {
      expect(await validate(token)).toMatchObject({ valid: true });
      await sleep(1_000);
    }
    await sleep(1_500);
    expect(await validate(token)).toEqual({ valid: false });
  });
});
