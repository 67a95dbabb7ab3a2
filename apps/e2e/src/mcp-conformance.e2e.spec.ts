import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, http, workspaceRoot } from '@mandate/testing';
import { ALPHA, type DemoStack, formPost, startDemoStack } from './support/demo-stack';

// Issue 18: the MCP project's conformance suite (`@modelcontextprotocol/conformance`, its
// `authorization` command) against Mandate: the RFC 8414 metadata scenario and the
// authorization-code scenario, as an MCP client sends it: a public client, PKCE S256, `resource`,
// and no `scope` (the provider's default applies). The tool prints the authorization URL for a
// person to open; bjensen's browser is played here: she consents, and is sent to its callback.

const RESOURCE = 'http://127.0.0.1:3001/mcp';
const BIN = join(workspaceRoot(), 'node_modules', '.bin', 'conformance');

describe('@modelcontextprotocol/conformance authorization scenarios against Mandate (distributed)', () => {
  let demo: DemoStack;
  let issuer = '';
  let bjensen = '';

  beforeAll(async () => {
    demo = await startDemoStack();
    issuer = `${demo.stack.baseUrl}/oauth2${ALPHA}`;
    const provider = await http(`${demo.stack.baseUrl}/json${ALPHA}/realm-config/services/oauth-oidc`, {
      method: 'PUT',
      headers: { iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': 'protocol=1.0,resource=1.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({ advancedOAuth2Config: { supportedScopes: ['read'], defaultScopes: ['read'], allowedResources: [RESOURCE] } }),
    });
    expect(provider.status).toBe(200);
    const login = await http(`${demo.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    bjensen = (login.json as { tokenId: string }).tokenId;
  });

  afterAll(async () => demo?.stop());

  it('passes the metadata and authorization-code scenarios for a public client that sends no scope', async () => {
    expect(existsSync(BIN)).toBe(true);
    const port = await freePort();
    await demo.putClient('conformance-client', {
      coreOAuth2ClientConfig: { clientType: 'Public', redirectionUris: [`http://127.0.0.1:${port}/callback`], scopes: ['read'] },
      advancedOAuth2ClientConfig: { grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'none' },
    });
    const child: ChildProcess = spawn(BIN, ['authorization', '--url', issuer, '--client-id', 'conformance-client', '--resource', RESOURCE, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let consented = false;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const onData = async (chunk: Buffer) => {
      output += chunk.toString();
      const asked = output.match(/^(http\S+\/authorize\?\S+)$/m);
      // The tool prints the URL, then starts its callback server: answer once it listens.
      if (!asked || consented || !output.includes('Callback server started')) return;
      consented = true;
      // bjensen's browser: she approves on the consent form, and is sent back to the tool's callback.
      const url = new URL(asked[1]);
      const res = await http(new URL(url.pathname, url).href, formPost({ ...Object.fromEntries(url.searchParams), csrf: bjensen, decision: 'allow' }, { Cookie: `iPlanetDirectoryPro=${bjensen}` }));
      await http(res.headers.get('location')!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const code = await exited;
    expect(consented).toBe(true);
    expect(output).toContain('✓ authorization-server-metadata-endpoint: 2 passed, 0 failed');
    expect(output).toContain('✓ authorization-code-grant: 1 passed, 0 failed');
    expect({ code, output }).toMatchObject({ code: 0 });
  });
});
