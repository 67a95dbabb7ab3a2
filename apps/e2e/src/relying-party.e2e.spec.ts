import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Infra, type MandateStack, startInfra, startMandate, workspaceRoot } from '@mandate/testing';

// Issue 8.4: seed 000 run by a real relying party. tools/relying-party/seed-000.mjs drives
// openid-client 6 (unmodified) through discovery, bjensen's sign-in, the authorization code flow
// with PKCE S256, client credentials, token exchange and introspection, against the distributed
// mode on real Postgres and NATS with config/demo.json imported. openid-client is ESM-only, so the
// script runs as a child Node process, exactly as a user runs it.

const run = promisify(execFile);
const SCRIPT = join(workspaceRoot(), 'tools', 'relying-party', 'seed-000.mjs');

describe('seed 000 through openid-client (distributed)', () => {
  let infra: Infra | undefined;
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    infra = await startInfra({ postgres: true, nats: true });
    stack = await startMandate({ mode: 'distributed', infra, env: { MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json') } });
  });

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  it('signs bjensen in, redeems a PKCE code, exchanges it for hr-agent and introspects act.sub = hr-agent', async () => {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, stack!.baseUrl], { cwd: workspaceRoot() });
    const issuer = `${stack!.baseUrl}/oauth2/realms/root/realms/alpha`;
    const lines = stdout.trimEnd().split('\n');

    expect(stderr).toBe('');
    expect(lines).toEqual([
      `note: ${new URL(stack!.baseUrl).origin} is plain http; openid-client's allowInsecureRequests is on (demo only)`,
      `1. discovery: issuer ${issuer}, token endpoint ${issuer}/access_token`,
      expect.stringMatching(/^2\. bjensen signed in: SSO token [\w-]{10}… \(realm \/alpha\)$/),
      expect.stringMatching(
        new RegExp(`^3\\. authorization: 302 to https://www\\.example\\.com:443/callback with code [\\w-]{10}…, iss ${issuer.replace(/[.]/g, '\\.')}, state returned$`),
      ),
      expect.stringMatching(/^ {3}bjensen's access token [\w-]{10}…, scope "read", expires in \d+s, refresh token [\w-]{10}…$/),
      expect.stringMatching(/^4\. hr-agent's access token [\w-]{10}…, scope "read", expires in \d+s$/),
      expect.stringMatching(/^5\. exchanged token [\w-]{10}…, issued_token_type urn:ietf:params:oauth:token-type:access_token, scope "read write delete", expires in \d+s$/),
      expect.stringMatching(/^6\. introspection: active true, client_id hr-agent, sub [\w-]+, scope "read write delete", act \{"sub":"hr-agent"\}$/),
      'act.sub = hr-agent: hr-agent acts on behalf of bjensen',
    ]);
  });

  it('prints no token in full', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT, stack!.baseUrl], { cwd: workspaceRoot() });
    // Six values are shortened (SSO token, code, three access tokens, a refresh token), none longer than 10.
    expect(stdout).not.toMatch(/[A-Za-z0-9_-]{11,}…/);
    expect(stdout.match(/…/g)).toHaveLength(6);
  });

  it('exits 1 and says why when a step fails', async () => {
    // No realm is served under that base URL: discovery, the first step, fails.
    const failed = await run(process.execPath, [SCRIPT, `${stack!.origin}/not-am`], { cwd: workspaceRoot() }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^FAILED: /);
  });
});
