import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MandateStack, http, startMandate, workspaceRoot } from '@mandate/testing';
import { type Browser, type Page, chromium } from 'playwright-core';
import { ADMIN_PASSWORD, ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 22: the admin console at /am/console, driven in Debian's Chromium through the gateway of
// the real distributed stack (Postgres, NATS, every service). MANDATE_SCREENSHOTS=1 writes the
// pictures the README shows into docs/screenshots/.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.MANDATE_SCREENSHOTS === '1' ? join(workspaceRoot(), 'docs', 'screenshots') : undefined;
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
const AGENT = 'console-agent';

if (!existsSync(CHROMIUM)) {
  describe('the admin console', () => it.skip(`is not driven: ${CHROMIUM} is absent (apt-get install -y chromium)`, () => undefined));
}

describeWithChromium('the admin console at /am/console (Chromium, distributed stack)', () => {
  let demo: DemoStack;
  let browser: Browser;
  let page: Page;
  const json = (path: string) => `${demo.stack.baseUrl}/json${ALPHA}/${path}`;
  const asAdmin = (version: string) => ({ iPlanetDirectoryPro: demo.admin, 'Accept-API-Version': version });
  const shot = async (name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };
  const clientCredentials = (secret: string) => http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', scope: 'read' }, basicAuth(AGENT, secret)));

  beforeAll(async () => {
    demo = await startDemoStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  describe('serving', () => {
    it('redirects /am/console to /am/console/ and answers index.html with a strict CSP, no framing and no-cache', async () => {
      const bare = await http(`${demo.stack.baseUrl}/console`);
      expect(bare.status).toBe(302);
      expect(bare.headers.get('location')).toBe('/am/console/');
      const index = await http(`${demo.stack.baseUrl}/console/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/^text\/html/);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(index.headers.get('x-frame-options')).toBe('DENY');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(index.text).not.toMatch(/<script>(?!<\/script>)/);
    });

    it('answers index.html for a client route and for a path that names no file, never a file outside the console', async () => {
      const index = (await http(`${demo.stack.baseUrl}/console/`)).text;
      for (const path of ['agents', 'scripts?id=x', 'no/such/page', '..%2F..%2Fpackage.json', 'assets/..%2F..%2Fgateway%2Fmain.js']) {
        const res = await http(`${demo.stack.baseUrl}/console/${path}`);
        expect({ path, status: res.status, same: res.text === index }).toEqual({ path, status: 200, same: true });
      }
    });

    it('serves the hashed assets as immutable for a year', async () => {
      const index = (await http(`${demo.stack.baseUrl}/console/`)).text;
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index)?.[1];
      expect(script).toBeDefined();
      const res = await http(`${demo.stack.baseUrl}/console/${script}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });
  });

  describe('as amadmin', () => {
    let secret = '';
    let scriptId = '';

    it('signs in with AM’s REST login and shows the admin views of the realm', async () => {
      await page.goto(`${demo.stack.baseUrl}/console`);
      await page.getByLabel('User name').fill('amadmin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByLabel('Sign-in realm').fill('root');
      await page.getByLabel('Realm to manage').fill('alpha');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('signed-in-as').getByText('amadmin').waitFor();
      await page.getByRole('link', { name: 'hr-agent' }).waitFor();
      const cookie = (await page.context().cookies()).find((c) => c.name === 'iPlanetDirectoryPro');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await shot('agents-1280');
    });

    it('creates an AI agent, showing its secret once', async () => {
      await page.getByRole('button', { name: 'New AI agent' }).click();
      await page.getByLabel('ID', { exact: true }).fill(AGENT);
      await page.getByLabel('Scopes').fill('read write');
      secret = (await page.getByTestId('new-secret').textContent()) ?? '';
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByTestId('status').getByText('Active').waitFor();
      await expect(page.getByTestId('new-secret').count()).resolves.toBe(0);
      const stored = await http(json(`realm-config/agents/AIAgent/${AGENT}`), { headers: asAdmin('resource=2.0') });
      expect(stored.status).toBe(200);
      expect((await clientCredentials(secret)).status).toBe(200);
    });

    it('shows the server’s error as it came when the agent already exists', async () => {
      const api = await http(json(`realm-config/agents/AIAgent/${AGENT}`), {
        method: 'PUT',
        headers: { ...asAdmin('resource=2.0'), 'Content-Type': 'application/json', 'If-None-Match': '*' },
        body: JSON.stringify({ coreOAuth2ClientConfig: { scopes: ['read'] } }),
      });
      const { code, reason, message } = api.json as { code: number; reason: string; message: string };
      expect(code).toBeGreaterThanOrEqual(400);
      await page.getByRole('link', { name: 'AI agents' }).click();
      await page.getByRole('button', { name: 'New AI agent' }).click();
      await page.getByLabel('ID', { exact: true }).fill(AGENT);
      await page.getByRole('button', { name: 'Create' }).click();
      await expect(page.getByTestId('server-error').textContent()).resolves.toBe(`${code} ${reason}: ${message}`);
      await shot('duplicate-error-1280');
      await page.getByRole('button', { name: 'Cancel' }).click();
    });

    it('creates a may-act script in the CodeMirror editor', async () => {
      await page.getByRole('link', { name: 'Scripts' }).click();
      await page.getByRole('button', { name: 'New script' }).click();
      await page.getByLabel('Name').fill('console may act');
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n// written in the console');
      // Syntax highlighting: CodeMirror wraps the tokens it recognises in classed spans.
      await expect(page.locator('.cm-line span[class]').count()).resolves.toBeGreaterThan(3);
      await page.getByRole('button', { name: 'Create' }).click();
      scriptId = (await page.getByTestId('script-id').textContent()) ?? '';
      expect(scriptId).toMatch(/^[0-9a-f-]{36}$/);
      await shot('script-1280');
      const stored = await http(json(`scripts/${scriptId}`), { headers: asAdmin('resource=1.1') });
      expect(stored.json).toMatchObject({ name: 'console may act', context: 'OAUTH2_MAY_ACT_NEXT_GEN' });
      expect(Buffer.from((stored.json as { script: string }).script, 'base64').toString('utf8')).toContain('token.setMayAct({ client_id: \'my-agent\' });\n}());\n\n// written in the console');
      await page.getByRole('button', { name: 'Back to the list' }).click();
      await page.getByRole('link', { name: 'console may act' }).waitFor();
    });

    it('sets the script on the agent’s provider overrides and lists the agent', async () => {
      await page.getByRole('link', { name: 'AI agents' }).click();
      await page.getByPlaceholder('Search by ID').fill('console');
      await page.getByRole('link', { name: AGENT }).waitFor();
      await expect(page.locator('table.list tbody tr').count()).resolves.toBe(1);
      await page.getByRole('link', { name: AGENT }).click();
      await page.getByRole('tab', { name: 'Provider overrides' }).click();
      await page.locator('#field-providerOverridesEnabled').check();
      await page.locator('#field-accessTokenMayActScript').fill(scriptId);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      const stored = await http(json(`realm-config/agents/AIAgent/${AGENT}`), { headers: asAdmin('resource=2.0') });
      expect(stored.json).toMatchObject({ overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: scriptId } });
    });

    it('disables the agent: the API answers Inactive and the token endpoint refuses it', async () => {
      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByTestId('status').getByText('Inactive').waitFor();
      const stored = await http(json(`realm-config/agents/AIAgent/${AGENT}`), { headers: asAdmin('resource=2.0') });
      expect(stored.json).toMatchObject({ coreOAuth2ClientConfig: { status: 'Inactive' } });
      const refused = await clientCredentials(secret);
      expect(refused.status).toBe(401);
      expect(refused.json).toMatchObject({ error: 'invalid_client' });
      await page.getByRole('button', { name: 'Enable' }).click();
      await page.getByTestId('status').getByText('Active').waitFor();
    });

    it('rotates the secret: the new one works at the token endpoint and the old one no longer does', async () => {
      await page.getByRole('button', { name: 'Rotate secret' }).click();
      const rotated = (await page.getByTestId('rotated-secret').textContent()) ?? '';
      expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(rotated).not.toBe(secret);
      expect((await clientCredentials(rotated)).status).toBe(200);
      expect((await clientCredentials(secret)).status).toBe(401);
    });

    it('fits a phone’s width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'AI agents' }).click();
      await page.getByRole('link', { name: 'hr-agent' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot('agents-390');
      await page.getByRole('link', { name: AGENT }).click();
      await page.getByTestId('status').waitFor();
      await shot('agent-390');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('adds an application policy to the agent', async () => {
      await page.getByRole('link', { name: 'AI agents' }).click();
      await page.getByRole('link', { name: AGENT }).click();
      await page.getByRole('button', { name: 'Add policy' }).click();
      await page.getByLabel('Application (client ID)').fill('digital-assistant-web-app');
      await page.getByLabel('Users it may act for').fill('bjensen');
      await page.getByLabel('Scopes', { exact: false }).last().fill('read');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.getByRole('cell', { name: 'digital-assistant-web-app' }).waitFor();
      const stored = await http(json(`realm-config/agents/AIAgent/${AGENT}/applications/digital-assistant-web-app`), { headers: asAdmin('resource=2.0') });
      expect(stored.json).toMatchObject({ subjects: ['bjensen'], subjectGroups: [], permissions: ['read'] });
    });

    it('creates a user and a group with that user in it', async () => {
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('button', { name: 'New user' }).click();
      await page.getByLabel('Name', { exact: true }).fill('carol');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('Password: at least 8 characters.').waitFor();
      await page.getByLabel('Password', { exact: true }).fill('Car0l-secret');
      await page.getByLabel('Mail').fill('carol@example.com');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: 'carol' }).waitFor();
      await page.getByRole('link', { name: 'Groups' }).click();
      await page.getByRole('button', { name: 'New group' }).click();
      await page.getByLabel('Name', { exact: true }).fill('console-admins');
      await page.getByLabel('Members').fill('carol');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: 'console-admins' }).waitFor();
      const groups = await http(`${json('groups')}?_queryFilter=${encodeURIComponent('username eq "console-admins"')}`, { headers: asAdmin('protocol=2.1,resource=3.0') });
      expect(groups.json).toMatchObject({ resultCount: 1, result: [{ username: 'console-admins', uniqueMember: ['carol'] }] });
    });

    it('saves the realm’s provider settings as the form shows them', async () => {
      const before = await http(json('realm-config/services/oauth-oidc'), { headers: asAdmin('protocol=1.0,resource=1.0') });
      await page.getByRole('link', { name: 'Provider' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      const after = await http(json('realm-config/services/oauth-oidc'), { headers: asAdmin('protocol=1.0,resource=1.0') });
      const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === '_rev' ? undefined : x)));
      expect(strip(after.json)).toEqual(strip(before.json));
    });

    it('signs out: the session ends and the sign-in form is back', async () => {
      const token = (await page.context().cookies()).find((c) => c.name === 'iPlanetDirectoryPro')?.value ?? '';
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const check = await http(`${demo.stack.baseUrl}/json/realms/root/sessions?_action=validate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
        body: JSON.stringify({ tokenId: token }),
      });
      expect(check.json).toEqual({ valid: false });
    });
  });

  it('shows a user who is not an administrator the “my agents and delegations” page instead of the admin views', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const user = await context.newPage();
    await user.goto(`${demo.stack.baseUrl}/console/`);
    await user.getByLabel('User name').fill('bjensen');
    await user.getByLabel('Password').fill('Ch4ng31t');
    await user.getByLabel('Sign-in realm').fill('alpha');
    await user.getByRole('button', { name: 'Sign in' }).click();
    await user.getByRole('heading', { name: 'My agents and delegations' }).waitFor();
    await expect(user.getByRole('link', { name: 'AI agents' }).count()).resolves.toBe(0);
    await context.close();
  });
});

describe('the admin console in npm start’s embedded mode', () => {
  let stack: MandateStack | undefined;

  beforeAll(async () => {
    stack = await startMandate({ mode: 'embedded', env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is served by the standalone launcher at /am/console/ as it is by the gateway', async () => {
    const index = await http(`${stack!.baseUrl}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.text).toContain('<div id="root"></div>');
  });
});
