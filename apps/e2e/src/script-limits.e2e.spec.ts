import { join } from 'node:path';
import { type Infra, type MandateStack, type WireResponse, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';
import { ADMIN_PASSWORD, ALPHA, formPost } from './support/demo-stack';

// Issue 17 item 3, contract §3.12: a may-act script that loops or exhausts memory answers 500
// `server_error` and the service keeps serving. Scripts run in the script pool's worker threads
// of the built bundles (dist/apps/token-service/script-worker.js, loaded by the standalone
// launcher too), so a request unrelated to the script is answered while runaways hold the pool.

const SCRIPT_FAILED = { error: 'server_error', error_description: 'Error running may_act script' };
const RUNAWAYS = {
  'e2e busy loop': 'while (true) {}',
  'e2e memory bomb': 'var a=[];while(true){a.push(new Array(100000).join("x"))}',
};
const GOOD_MAY_ACT = "token.setMayAct({ client_id: 'good-agent', sub: '(age!good-agent)' });";

describe.each(['in-process', 'distributed'] as const)('script limits through the gateway (%s)', (mode) => {
  jest.setTimeout(120_000);
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;
  let admin = '';

  const oauth2 = (path: string) => `${stack!.baseUrl}/oauth2${ALPHA}/${path}`;
  const json = (path: string) => `${stack!.baseUrl}/json${ALPHA}/${path}`;
  const adminHeaders = (version: string) => ({ iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': version });
  const createScript = async (name: string, source: string) => {
    const res = await http(json('scripts?_action=create'), {
      method: 'POST',
      headers: adminHeaders('resource=1.1'),
      body: JSON.stringify({ name, script: Buffer.from(source).toString('base64'), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' }),
    });
    expect(res.status).toBe(201);
  };
  const putAgent = async (id: string, script: string) => {
    const res = await http(json(`realm-config/agents/AIAgent/${id}`), {
      method: 'PUT',
      headers: adminHeaders('resource=2.0'),
      body: JSON.stringify({
        coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['read'] },
        overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: script },
      }),
    });
    expect([200, 201]).toContain(res.status);
  };
  const clientCredentials = (clientId: string) =>
    http(oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'mySecret', scope: 'read' }));
  const discovery = () => http(oauth2('.well-known/openid-configuration'));

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: mode === 'distributed' });
    stack = await startMandate({ mode, infra, env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
    const login = await http(`${stack.baseUrl}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    admin = (login.json as { tokenId: string }).tokenId;
    for (const [name, source] of Object.entries(RUNAWAYS)) {
      await createScript(name, source);
      await putAgent(`${name.split(' ').pop()}-agent`, name);
    }
    await createScript('e2e good may act', GOOD_MAY_ACT);
    await putAgent('good-agent', 'e2e good may act');
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  it.each([
    ['loops', 'loop-agent'],
    ['exhausts memory', 'bomb-agent'],
  ])('answers a may-act script that %s with 500 server_error, then serves the next script', async (_what, clientId) => {
    const res = await clientCredentials(clientId);
    expect({ status: res.status, body: res.json, cacheControl: res.headers.get('cache-control') }).toEqual({ status: 500, body: SCRIPT_FAILED, cacheControl: 'no-store' });
    const next = await clientCredentials('good-agent');
    expect(next.status).toBe(200);
  });

  it('answers discovery while runaway scripts hold every script worker, and serves a good script after them', async () => {
    const settled: string[] = [];
    const track = (name: string, request: Promise<WireResponse>) => request.then((res) => (settled.push(name), res));
    const runaways = Array.from({ length: 4 }, (_, i) => track('runaway', clientCredentials(i % 2 ? 'loop-agent' : 'bomb-agent')));
    // Let the runaways reach their scripts (set-up only: the assertion is on order, not time).
    await new Promise((resolve) => setTimeout(resolve, 250));
    const meanwhile = await track('discovery', discovery());
    expect(meanwhile.status).toBe(200);
    const answers = await Promise.all(runaways);
    answers.forEach((res) => expect({ status: res.status, body: res.json }).toEqual({ status: 500, body: SCRIPT_FAILED }));
    expect(settled[0]).toBe('discovery');
    const next = await clientCredentials('good-agent');
    expect(next.status).toBe(200);
  });
});
