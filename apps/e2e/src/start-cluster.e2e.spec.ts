import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, http, workspaceRoot } from '@mandate/testing';

// Issue 25 item 6: `npm run start:cluster` as a user runs it: the documented variables reach
// every process (the demo import, amadmin's password), each process's lines are printed with
// its name, and with --restart a process killed with SIGKILL comes back by itself.

jest.setTimeout(180_000);

const PASSWORD = 'cluster-Adm1n-pw';

describe('npm run start:cluster --restart', () => {
  let cluster: ChildProcess | undefined;
  let out = '';
  let base = '';

  /** Resolves once the cluster's output matches `pattern` (from `from` on). */
  const printed = (pattern: RegExp, from = 0, timeoutMs = 120_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not printed within ${timeoutMs} ms: ${pattern}\n${out.slice(-4000)}`)), timeoutMs);
      const check = () => {
        const match = out.slice(from).match(pattern);
        if (match) {
          clearTimeout(timer);
          cluster?.stdout?.off('data', check);
          resolve(match);
        }
      };
      cluster?.stdout?.on('data', check);
      check();
    });

  beforeAll(async () => {
    const root = workspaceRoot();
    const port = await freePort();
    cluster = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'tools/cluster/start-cluster.ts'), '--restart'], {
      cwd: root,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(root, 'tsconfig.base.json'),
        PORT: String(port),
        AM_ADMIN_PASSWORD: PASSWORD,
        MANDATE_IMPORT: join(root, 'config', 'demo.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cluster.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    cluster.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    base = (await printed(/gateway\s+(http:\/\/\S+\/am)/))[1];
  });

  afterAll(async () => {
    if (!cluster || cluster.exitCode !== null) return;
    const exited = new Promise((resolve) => cluster?.once('exit', resolve));
    cluster.kill('SIGTERM');
    await exited;
  });

  const signIn = () =>
    http(`${base}/json/realms/root/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });

  it("passes AM_ADMIN_PASSWORD and MANDATE_IMPORT to the processes: amadmin signs in with it, the demo's clients exist", async () => {
    expect((await signIn()).status).toBe(200);
    const token = await http(`${base}/oauth2/realms/root/realms/alpha/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('web-server-logs-api-app:mySecret').toString('base64')}` },
      body: 'grant_type=client_credentials&scope=logs-read',
    });
    // A client of config/demo.json: there only if the import ran.
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ scope: 'logs-read', token_type: 'Bearer' });
  });

  it("prints each process's log lines with its name", () => {
    for (const app of ['gateway', 'token-service', 'registration-service', 'authn-service']) expect(out).toMatch(new RegExp(`^\\[${app}\\] `, 'm'));
  });

  it('starts a process killed with SIGKILL again, and the cluster serves once more', async () => {
    const pid = Number((await printed(/authn-service\s+pid (\d+)/))[1]);
    const from = out.length;
    process.kill(pid, 'SIGKILL');
    await printed(/\[authn-service\] exited \(SIGKILL\); restarting/, from);
    const until = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = (await signIn()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
