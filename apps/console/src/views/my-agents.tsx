import type { Session } from '../session';

/** What a user who is not an administrator sees; its content waits for the governance APIs. */
export function MyAgentsView({ session }: { session: Session }) {
  return (
    <section>
      <h1>My agents and delegations</h1>
      <p>Signed in as {session.uid}. This page will show:</p>
      <ul>
        <li>the AI agents allowed to act on your behalf, and towards which applications and scopes;</li>
        <li>the delegations you have granted, when each was used last, and a way to revoke each one;</li>
        <li>the tokens agents currently hold for you.</li>
      </ul>
      <p className="muted">These views need Mandate&apos;s governance APIs, which are not available yet. Administration is for realm administrators.</p>
    </section>
  );
}
