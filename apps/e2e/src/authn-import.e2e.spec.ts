import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Infra, type MandateStack, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { type NatsConnection, connect } from 'nats';
import { ADMIN_PASSWORD } from './support/demo-stack';

// Issue 4 point 7: authn-service applies the users and groups of MANDATE_IMPORT (config/demo.json)
// at start, in the distributed mode on real Postgres and NATS, while registration-service creates the realm.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('users and groups imported from config/demo.json (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({
      mode: 'distributed',
      infra,
      env: { MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), AM_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    nc = await connect(infra.nats!.connectOptions('token-service')); // a caller of these subjects in the catalogue
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
    await infra?.stop();
  });

  const alpha = (path: string) => `${stack!.baseUrl}/json/realms/root/realms/alpha${path}`;

  /** Seed 000 step 1, header for header. */
  const seedLogin = () =>
    http(alpha('/authenticate'), {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });

  async function adminHeaders() {
    const res = await http(`${stack!.baseUrl}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    if (res.status !== 200) throw new Error(`amadmin's login failed: ${res.status} ${res.text}`);
    return { iPlanetDirectoryPro: (res.json as { tokenId: string }).tokenId, 'Accept-API-Version': 'protocol=2.1,resource=3.0' };
  }

  /** A request in Nest's NATS wire format, as token-service sends it. */
  async function natsRequest(subject: string, data: unknown): Promise<unknown> {
    const msg = await nc!.request(subject, new TextEncoder().encode(JSON.stringify({ pattern: subject, data, id: randomUUID() })), { timeout: 5_000 });
    return (JSON.parse(new TextDecoder().decode(msg.data)) as { response: unknown }).response;
  }

  it('seed 000 step 1: bjensen signs in to /alpha with the seed’s exact headers', async () => {
    const res = await seedLogin();
    expect(res.json).toEqual({ tokenId: expect.any(String), successUrl: '/am/console', realm: '/alpha' });
    expect(res.status).toBe(200);
  });

  it('creates bjensen with her profile and no password in it, and the hr group with her as member', async () => {
    const headers = await adminHeaders();
    const user = await http(alpha('/users/bjensen'), { headers });
    expect(user.status).toBe(200);
    expect(user.json).toMatchObject({ _id: expect.stringMatching(UUID), username: 'bjensen', realm: '/alpha', mail: 'bjensen@example.com', cn: 'Babs Jensen' });
    expect(user.text).not.toContain('Ch4ng31t');
    const group = await http(alpha('/groups/hr'), { headers });
    expect(group.status).toBe(200);
    expect(group.json).toEqual({ _id: 'hr', _rev: expect.any(String), username: 'hr', realm: '/alpha', uniqueMember: ['bjensen'] });
  });

  it('answers authn.user.lookup with bjensen’s groups and authn.credentials.verify for her password', async () => {
    const lookup = (await natsRequest('authn.user.lookup', { realm: '/alpha', user: 'bjensen' })) as { userId: string };
    expect(lookup).toEqual({ userId: expect.stringMatching(UUID), username: 'bjensen', groups: ['hr'], active: true });
    expect(await natsRequest('authn.credentials.verify', { realm: '/alpha', username: 'bjensen', password: 'Ch4ng31t' })).toEqual({
      valid: true,
      userId: lookup.userId,
      username: 'bjensen',
      authLevel: 0,
    });
  });

  it('warns at start that the demo file’s secrets are public', () => {
    const output = stack!.services.get('registration-service')!.output.toString();
    expect(output).toMatch(/"level":40.*MANDATE_IMPORT \S*config\/demo\.json contains 9 secrets \(client secrets, user passwords\) that are public/);
    expect(output).not.toContain('mySecret');
  });

  it('keeps bjensen’s _id, revision and password when authn-service and registration-service start again together', async () => {
    const before = (await http(alpha('/users/bjensen'), { headers: await adminHeaders() })).json as { _id: string; _rev: string };
    const authn = stack!.services.get('authn-service')!;
    const registration = stack!.services.get('registration-service')!;
    await Promise.all([authn.stop(), registration.stop()]);
    authn.start();
    registration.start();
    await Promise.all([authn.waitReady(), registration.waitReady()]);
    expect(authn.output.toString()).not.toMatch(/failed to start/);

    const after = await http(alpha('/users/bjensen'), { headers: await adminHeaders() });
    expect(after.json).toMatchObject({ _id: before._id, _rev: before._rev });
    expect((await seedLogin()).status).toBe(200);
    const group = await http(alpha('/groups/hr'), { headers: await adminHeaders() });
    expect(group.json).toMatchObject({ uniqueMember: ['bjensen'] });
  });

  it('starts a second authn-service replica against the same database without creating bjensen again', async () => {
    const before = (await http(alpha('/users/bjensen'), { headers: await adminHeaders() })).json as { _id: string };
    await stack!.addReplica('authn-service');
    const query = await http(alpha(`/users?_queryFilter=${encodeURIComponent('username eq "bjensen"')}`), { headers: await adminHeaders() });
    expect(query.json).toMatchObject({ resultCount: 1, result: [{ _id: before._id }] });
  });

  it('applies the file once per database: a group an admin deleted stays deleted at a restart, until MANDATE_IMPORT_FORCE', async () => {
    const authn = stack!.services.get('authn-service')!;
    const group = async () => http(alpha('/groups/hr'), { headers: await adminHeaders() });
    const restart = async (force: string) => {
      await authn.stop();
      authn.start({ MANDATE_IMPORT_FORCE: force });
      await authn.waitReady();
    };
    expect((await http(alpha('/groups/hr'), { method: 'DELETE', headers: await adminHeaders() })).status).toBe(200);
    await restart('false');
    expect((await group()).status).toBe(404);
    await restart('true');
    expect((await group()).json).toMatchObject({ uniqueMember: ['bjensen'] });
  });
});
