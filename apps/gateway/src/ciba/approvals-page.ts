import type { Approval } from '@mandate/contracts';
import { type SafeHtml, html, page } from '../authorize/html-page';

/** The signed-in user's pending backchannel requests (issue 21), each with Approve and Deny. */
export function approvalsPage(input: { username: string; approvals: Approval[]; action: (id: string) => string; csrf: string; notice?: string }): SafeHtml {
  const items = input.approvals.map(
    (a) => html`<section class="approval" data-approval="${a._id}">
<h2>${a.clientName ?? a.clientId}</h2>
${a.bindingMessage ? html`<p class="binding">Code shown to you: <strong>${a.bindingMessage}</strong></p>` : ''}
<p>Client: <code>${a.clientId}</code>${a.actors.length ? html`, acting through ${a.actors.join(' → ')}` : ''}</p>
<p>Asks for:</p>
<ul>${a.scopes.map((s) => html`<li>${s}</li>`)}</ul>
${a.resources.length ? html`<p>On:</p><ul>${a.resources.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
<p><small>Until ${a.expires}</small></p>
<form method="post" action="${input.action(a._id)}">
<input type="hidden" name="csrf" value="${input.csrf}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</section>
`,
  );
  return page(
    'Pending approvals',
    html`<h1>Pending approvals</h1>
<p>Signed in as ${input.username}.</p>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}${items.length ? items : html`<p class="empty">Nothing waits for your approval.</p>`}`,
  );
}
