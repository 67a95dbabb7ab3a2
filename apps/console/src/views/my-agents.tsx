import type { Session } from '../session';
import { DelegationsPanel } from './delegations';

/** What a user who is not an administrator sees: the delegations they granted, and revoking them. */
export function MyAgentsView({ session, realm }: { session: Session; realm: string }) {
  return (
    <section>
      <h1>My agents and delegations</h1>
      <p>Signed in as {session.uid}.</p>
      <DelegationsPanel realm={realm} owner={{ kind: 'user', id: session.uid }} />
    </section>
  );
}
