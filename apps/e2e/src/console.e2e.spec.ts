import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MandateStack, http, startMandate, workspaceRoot } from '@mandate/testing';
import { type Browser, type Page, chromium } from 'playwright-core';
import { ACCESS_TOKEN_TYPE, ADMIN_PASSWORD, ALPHA, CALLBACK, type DemoStack, TOKEN_EXCHANGE, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 22: the admin console at /am/console, driven in Debian's Chromium through the gateway of
// the real distributed stack (Postgres, NATS, every service). MANDATE_SCREENSHOTS=1 writes the
// pictures the README shows into docs/screenshots/.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.MANDATE_SCREENSHOTS === '1' ? join(workspaceRoot(), 'docs', 'screenshots') : undefined;
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
const AGENT = 'console-agent';
/** The agent of seed 000's flow in the delegation tests: created in the console, acting for bjensen through hr-client. */
const DELEGATE = 'console-delegate';
/** Its may-act script, written in the console and set on hr-client: hr-client's tokens may be exchanged by hr-agent (seed 000) or by it. */
const DELEGATE_MAY_ACT = `(function () {
  token.setMayAct({ client_id: ['hr-agent', '${DELEGATE}'], sub: ['(age!hr-agent)', '(age!${DELEGATE})'] });
}());
`;
/** No horizontal scrolling of the page itself: wide content scrolls inside its own box. */
const pageOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** A datetime-local input's value (this machine's time zone, which Chromium shares). */
const localInput = (t: Date) => new Date(t.getTime() - t.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);

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

    describe("delegations and the audit trail (seed 000's flow with an agent made in the console)", () => {
      let delegateSecret = '';
      let delegateScript = '';
      let bjensenId = '';
      let exchanged = '';
      let exchangedGrant = '';
      let eventId = '';
      /** RFC 7662 through the gateway, as a resource server allowed to introspect every token. */
      const introspect = async (value: string) => {
        const res = await http(demo.oauth2('introspect'), formPost({ token: value }, basicAuth('console-rs', 'mySecret')));
        expect(res.status).toBe(200);
        return res.json as Record<string, unknown>;
      };
      const audit = (filter: string) => http(`${json('audit')}?${new URLSearchParams({ _queryFilter: filter, _pageSize: '100' }).toString()}`, { headers: { iPlanetDirectoryPro: demo.admin } });

      beforeAll(async () => {
        await demo.putClient('console-rs', {
          coreOAuth2ClientConfig: { userpassword: 'mySecret', clientType: 'Confidential', scopes: ['am-introspect-all-tokens'] },
          advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
        });
        bjensenId = ((await http(json('users/bjensen'), { headers: asAdmin('protocol=2.1,resource=3.0') })).json as { _id: string })._id;
      });

      it('creates the agent and its may-act script, and sets the script on hr-client', async () => {
        await page.getByRole('link', { name: 'AI agents' }).click();
        await page.getByRole('button', { name: 'New AI agent' }).click();
        await page.getByLabel('ID', { exact: true }).fill(DELEGATE);
        await page.getByLabel('Scopes').fill('read write');
        delegateSecret = (await page.getByTestId('new-secret').textContent()) ?? '';
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByTestId('status').getByText('Active').waitFor();

        await page.getByRole('link', { name: 'Scripts' }).click();
        await page.getByRole('button', { name: 'New script' }).click();
        await page.getByLabel('Name').fill(`${DELEGATE} may act`);
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+A');
        // insertText: one input, so CodeMirror neither closes brackets nor indents as typing would.
        await page.keyboard.insertText(DELEGATE_MAY_ACT);
        await page.getByRole('button', { name: 'Create' }).click();
        delegateScript = (await page.getByTestId('script-id').textContent()) ?? '';
        expect(delegateScript).toMatch(/^[0-9a-f-]{36}$/);
        const stored = await http(json(`scripts/${delegateScript}`), { headers: asAdmin('resource=1.1') });
        expect(Buffer.from((stored.json as { script: string }).script, 'base64').toString('utf8')).toBe(DELEGATE_MAY_ACT);

        await page.getByRole('link', { name: 'OAuth2 clients' }).click();
        await page.getByPlaceholder('Search by ID').fill('hr-client');
        await page.getByRole('link', { name: 'hr-client', exact: true }).click();
        await page.getByRole('tab', { name: 'Provider overrides' }).click();
        await page.locator('#field-providerOverridesEnabled').check();
        await page.locator('#field-accessTokenMayActScript').fill(delegateScript);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByText('Saved.').waitFor();
        const client = await http(json('realm-config/agents/OAuth2Client/hr-client'), { headers: asAdmin('resource=1.0') });
        expect(client.json).toMatchObject({ overrideOAuth2ClientConfig: { accessTokenMayActScript: delegateScript } });
      });

      it("runs seed 000's flow over HTTP: bjensen's code for hr-client, the agent's own token, the exchange", async () => {
        const login = await http(json('authenticate'), {
          method: 'POST',
          headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
        });
        expect(login.status).toBe(200);
        const session = (login.json as { tokenId: string }).tokenId;
        const authorize = await http(demo.oauth2('authorize'), {
          method: 'POST',
          headers: { Cookie: `iPlanetDirectoryPro=${session}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `scope=read&response_type=code&client_id=hr-client&csrf=${session}&redirect_uri=${CALLBACK}&decision=allow`,
        });
        expect(authorize.status).toBe(302);
        const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
        const user = await http(demo.oauth2('access_token'), formPost({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: 'mySecret', code, redirect_uri: CALLBACK, scope: 'read' }));
        expect(user.status).toBe(200);
        const userToken = (user.json as { access_token: string }).access_token;
        const actor = await http(demo.oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: DELEGATE, client_secret: delegateSecret, scope: 'read' }));
        expect(actor.status).toBe(200);
        const exchange = await http(
          demo.oauth2('access_token'),
          formPost({
            grant_type: TOKEN_EXCHANGE,
            client_id: DELEGATE,
            client_secret: delegateSecret,
            scope: 'read',
            subject_token: userToken,
            subject_token_type: ACCESS_TOKEN_TYPE,
            actor_token: (actor.json as { access_token: string }).access_token,
            actor_token_type: ACCESS_TOKEN_TYPE,
          }),
        );
        expect(exchange.status).toBe(200);
        exchanged = (exchange.json as { access_token: string }).access_token;
        const introspected = await introspect(exchanged);
        expect(introspected).toMatchObject({ active: true, sub: bjensenId, client_id: DELEGATE, act: { sub: DELEGATE }, scope: 'read' });
        exchangedGrant = String(introspected.authGrantId);
      });

      it('shows the delegation in the graph, its lineage on a click, and revokes the branch: introspection answers active false', async () => {
        await page.getByRole('link', { name: 'Delegations' }).click();
        await page.getByRole('button', { name: 'Show' }).click();
        await page.getByText('User name: letters, digits').waitFor(); // validated before any request
        await page.getByLabel('Kind').selectOption('agent');
        await page.getByLabel('Name').fill(DELEGATE);
        await page.getByRole('button', { name: 'Show' }).click();
        const edge = page.locator(`[data-testid="delegation-edge"][data-grant="${exchangedGrant}"]`);
        await edge.waitFor();
        // subject → agent, the scopes and the audience on the hop (an exchange's audience is its acting client)
        const grant = await http(json(`delegations/${exchangedGrant}`), { headers: asAdmin('resource=2.0') });
        expect(grant.json).toMatchObject({ scope: ['read'], actors: [DELEGATE] });
        expect([DELEGATE, [DELEGATE]]).toContainEqual((grant.json as { aud: unknown }).aud);
        await expect(edge.getAttribute('aria-label')).resolves.toBe(`bjensen → ${DELEGATE}: read · aud ${DELEGATE}`);
        await expect(edge.textContent()).resolves.toBe(`read · aud ${DELEGATE}`);
        await expect(page.getByTestId('delegation-node').locator('text').allTextContents()).resolves.toEqual(expect.arrayContaining(['bjensen', DELEGATE]));
        await edge.click();
        const lineage = page.getByTestId('lineage');
        await lineage.locator(`li[data-grant="${exchangedGrant}"]`).waitFor();
        await expect(lineage.textContent()).resolves.toMatch(new RegExp(`${exchangedGrant} bjensen via ${DELEGATE} \\[read\\].*active`));
        await shot('delegations-1280');

        await page.setViewportSize({ width: 390, height: 844 });
        await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
        await shot('delegations-390');
        await page.setViewportSize({ width: 1280, height: 800 });

        await page.getByRole('button', { name: 'Revoke this branch' }).click();
        await page.getByRole('status').getByText(`Revoked ${exchangedGrant} and every grant derived from it.`).waitFor();
        await edge.waitFor({ state: 'detached' });
        const until = Date.now() + 5_000;
        let answer = await introspect(exchanged);
        while (answer.active !== false && Date.now() < until) answer = await introspect(exchanged);
        expect(answer).toEqual({ active: false });
        const tree = await http(json(`delegations/${exchangedGrant}`), { headers: asAdmin('resource=2.0') });
        expect(tree.json).toMatchObject({ authGrantId: exchangedGrant, revoked: true, active: false });
      });

      it('finds the exchange in the audit trail by subject, actor, event type and time, pages on, and opens the event', async () => {
        // Events reach the audit store asynchronously: wait for the exchange's before asking the console.
        const filter = `subject eq "${bjensenId}" and event eq "token_exchanged"`;
        for (let until = Date.now() + 20_000; ; ) {
          const found = ((await audit(filter)).json as { result: Array<{ _id: string; client: string }> }).result.find((e) => e.client === DELEGATE);
          if (found) {
            eventId = found._id;
            break;
          }
          if (Date.now() > until) throw new Error('the exchange never reached the audit trail');
          await new Promise((r) => setTimeout(r, 200));
        }
        await page.getByRole('link', { name: 'Audit' }).click();
        await page.getByTestId('audit-row').first().waitFor();

        // A time range backwards is refused before it is sent; a bad expression comes back as the server said it.
        await page.getByLabel('From', { exact: true }).fill(localInput(new Date(Date.now() + 3_600_000)));
        await page.getByLabel('To', { exact: true }).fill(localInput(new Date(Date.now() - 3_600_000)));
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByTestId('form-problems').getByText('Time range: “from” is after “to”.').waitFor();
        await page.getByRole('button', { name: 'Clear' }).click();
        await page.getByLabel('Query filter (CREST, optional)').fill('nonsense eq');
        await page.getByRole('button', { name: 'Search' }).click();
        const bad = await http(`${json('audit')}?${new URLSearchParams({ _queryFilter: '(nonsense eq)', _pageSize: '25', _sortKeys: '-time' }).toString()}`, { headers: { iPlanetDirectoryPro: demo.admin } });
        const { code, reason, message } = bad.json as { code: number; reason: string; message: string };
        expect(code).toBe(400);
        await expect(page.getByTestId('server-error').textContent()).resolves.toBe(`${code} ${reason}: ${message}`);
        await page.getByLabel('Query filter (CREST, optional)').fill('');

        // Every event of the realm, ten a page, oldest first (events still arriving cannot shift the first pages):
        // the next page is ten others, the previous one the first again.
        const ids = () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));
        await page.getByLabel('Page size', { exact: true }).selectOption('10');
        await page.getByLabel('Order', { exact: true }).selectOption('oldest');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByTestId('audit-query').getByText('true', { exact: true }).waitFor();
        await expect(page.getByTestId('audit-row').count()).resolves.toBe(10);
        const firstPage = await ids();
        await page.getByRole('button', { name: 'Next page' }).click();
        await page.getByTestId('audit-page').getByText(/^Page 2/).waitFor();
        const secondPage = await ids();
        expect(secondPage.length).toBeGreaterThan(0);
        expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);
        await page.getByRole('button', { name: 'Previous page' }).click();
        await page.getByTestId('audit-page').getByText(/^Page 1/).waitFor();
        await expect(ids()).resolves.toEqual(firstPage);

        // bjensen's events (her id is the subject), then only the exchange the agent made for her in the last hour.
        await page.getByLabel('Subject', { exact: true }).fill(bjensenId);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByTestId('audit-query').getByText(`subject eq "${bjensenId}"`, { exact: true }).waitFor();
        await page.locator(`[data-testid="audit-row"][data-event-id="${eventId}"]`).waitFor();
        await page.getByLabel('Actor', { exact: true }).fill(DELEGATE);
        await page.getByLabel('Event type', { exact: true }).selectOption('token_exchanged');
        await page.getByLabel('From', { exact: true }).fill(localInput(new Date(Date.now() - 3_600_000)));
        await page.getByLabel('To', { exact: true }).fill(localInput(new Date(Date.now() + 3_600_000)));
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByTestId('audit-query').getByText(/actors co "console-delegate" and event eq "token_exchanged" and time ge/).waitFor();
        const row = page.locator(`[data-testid="audit-row"][data-event-id="${eventId}"]`);
        await row.waitFor();
        await expect(page.getByTestId('audit-row').count()).resolves.toBe(1);
        await shot('audit-1280');
        await page.setViewportSize({ width: 390, height: 844 });
        await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
        await shot('audit-390');
        await page.setViewportSize({ width: 1280, height: 800 });

        await row.getByRole('link').click();
        const detail = page.getByTestId('audit-detail');
        await detail.locator('[data-field="authGrantId"] dd').getByText(exchangedGrant, { exact: true }).waitFor();
        await expect(detail.locator('[data-field="event"] dd').textContent()).resolves.toBe('token_exchanged');
        await expect(detail.locator('[data-field="subject"] dd').textContent()).resolves.toBe(bjensenId);
        await expect(detail.locator('[data-field="actors"] dd').textContent()).resolves.toBe(DELEGATE);
        await expect(detail.locator('[data-field="scopes"] dd').textContent()).resolves.toBe('read');
        await expect(detail.locator('[data-field="grantType"] dd').textContent()).resolves.toBe(TOKEN_EXCHANGE);
        await shot('audit-event-1280');
        await page.setViewportSize({ width: 390, height: 844 });
        await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
        await shot('audit-event-390');
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.getByRole('button', { name: 'Back to the trail' }).click();
        await row.waitFor();
      });
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
    // Her own delegations, with her own session: the one the admin revoked above is gone.
    await user.getByRole('heading', { name: 'Delegations of user bjensen' }).waitFor();
    await user.getByText('No live delegations.').waitFor();
    await expect(user.getByRole('alert').count()).resolves.toBe(0);
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
