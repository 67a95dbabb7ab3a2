import { escapeHtml } from './html-page';
import { consentPage, errorPage, loginPage } from './pages';

const HOSTILE = `"><script>alert('x')</script>&`;
const ESCAPED = '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;';

describe('pages', () => {
  it('escapes every interpolated value', () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
    const consent = consentPage({
      action: '/am/oauth2/realms/root/realms/alpha/authorize',
      prompt: { clientId: 'c', clientName: HOSTILE, scopes: [HOSTILE], username: HOSTILE },
      fields: { state: HOSTILE, [HOSTILE]: 'v' },
      csrf: HOSTILE,
    }).value;
    expect(consent).not.toContain('<script>');
    expect(consent).toContain(`<input type="hidden" name="state" value="${ESCAPED}">`);
    expect(consent).toContain(`<input type="hidden" name="csrf" value="${ESCAPED}">`);
    expect(consent).toContain(`<li>${ESCAPED}</li>`);
    expect(loginPage({ action: '/x', goto: HOSTILE, loginCsrf: 't', username: HOSTILE, error: HOSTILE }).value).not.toContain('<script>');
    expect(errorPage(HOSTILE, HOSTILE).value).not.toContain('<script>');
  });

  it('posts the consent decision as allow or deny buttons', () => {
    const consent = consentPage({ action: '/a', prompt: { clientId: 'c', clientName: 'HR', scopes: ['read'], username: 'bjensen' }, fields: {}, csrf: 't' }).value;
    expect(consent).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(consent).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
  });

  it('names a metadata document client’s hosts, escaped, and only when they are known', () => {
    const prompt = { clientId: 'https://app.example.com/c.json', clientName: 'App', scopes: ['read'], username: 'bjensen', clientIdHost: 'app.example.com' };
    expect(consentPage({ action: '/a', prompt, fields: {}, csrf: 't' }).value).toContain('This application describes itself at <strong>app.example.com</strong>. Allow only if you trust that site.');
    const claimed = consentPage({ action: '/a', prompt: { ...prompt, clientUriHost: '<b>x</b>.example' }, fields: {}, csrf: 't' }).value;
    expect(claimed).toContain('; its website is <strong>&lt;b&gt;x&lt;/b&gt;.example</strong>.');
    expect(consentPage({ action: '/a', prompt: { ...prompt, clientIdHost: undefined }, fields: {}, csrf: 't' }).value).not.toContain('describes itself');
  });

  it('posts every RFC 8707 resource back, each as its own field', () => {
    const consent = consentPage({
      action: '/a',
      prompt: { clientId: 'c', clientName: 'MCP', scopes: ['read'], username: 'bjensen' },
      fields: { client_id: 'c' },
      resources: ['https://mcp.example.com/mcp', 'https://other.example.com/api'],
      csrf: 't',
    }).value;
    expect(consent).toContain(
      '<input type="hidden" name="client_id" value="c">\n<input type="hidden" name="resource" value="https://mcp.example.com/mcp">\n<input type="hidden" name="resource" value="https://other.example.com/api">\n<input type="hidden" name="csrf" value="t">',
    );
  });
});
