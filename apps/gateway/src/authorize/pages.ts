import type { ConsentPrompt } from '@mandate/contracts';
import { type SafeHtml, html, page } from './html-page';

/** The sign-in form (am-spec §3.1: no session → the login UI, then back to `goto`). */
export function loginPage(input: { action: string; goto: string | undefined; loginCsrf: string; username?: string; error?: string }): SafeHtml {
  return page(
    'Sign in',
    html`<h1>Sign in</h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<form method="post" action="${input.action}">
<label for="username">User name</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${input.username ?? ''}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<input type="hidden" name="login_csrf" value="${input.loginCsrf}">
${input.goto ? html`<input type="hidden" name="goto" value="${input.goto}">` : ''}
<button type="submit">Sign in</button>
</form>`,
  );
}

export function signedInPage(username: string): SafeHtml {
  return page('Signed in', html`<h1>Signed in</h1><p>You are signed in as ${username}.</p>`);
}

/**
 * am-spec §3.3: the consent form posts every authorize parameter back, with `csrf` (the session's
 * token) and the button's `decision`; RFC 8707 §2: every `resource`, as sent.
 */
export function consentPage(input: { action: string; prompt: ConsentPrompt; fields: Record<string, string>; resources?: string[]; csrf: string }): SafeHtml {
  const { prompt } = input;
  const fields: [string, string][] = [...Object.entries(input.fields), ...(input.resources ?? []).map((value): [string, string] => ['resource', value]), ['csrf', input.csrf]];
  const hidden = fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`);
  return page(
    'Authorize access',
    html`<h1>${prompt.clientName} wants access to your account</h1>
${prompt.clientIdHost ? html`<p class="origin">This application describes itself at <strong>${prompt.clientIdHost}</strong>${prompt.clientUriHost && prompt.clientUriHost !== prompt.clientIdHost ? html`; its website is <strong>${prompt.clientUriHost}</strong>` : ''}. Allow only if you trust that site.</p>
` : ''}<p>Signed in as ${prompt.username}. ${prompt.clientName} asks for:</p>
<ul>${prompt.scopes.map((scope) => html`<li>${scope}</li>`)}</ul>
<form method="post" action="${input.action}">
${hidden}<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** contract §3.9: what a browser sees instead of a redirect it must not get. */
export function errorPage(error: string, description: string): SafeHtml {
  return page('Request refused', html`<h1>This request cannot be completed</h1><p class="error">${description}</p><p><small>Error: ${error}</small></p>`);
}
