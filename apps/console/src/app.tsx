import { type FormEvent, useEffect, useState } from 'react';
import { navigate, useRoute } from './router';
import { type Session, resume, signIn, signOut } from './session';
import { ErrorBox, useAction } from './components/ui';
import { ClientsView } from './views/clients';
import { ScriptsView } from './views/scripts';
import { IdentitiesView } from './views/identities';
import { ProviderView } from './views/provider';
import { MyAgentsView } from './views/my-agents';
import { DelegationsView } from './views/delegations';
import { AuditView } from './views/audit';

const REALM = 'mandate.console.realm';

const PAGES = [
  { page: 'agents', label: 'AI agents' },
  { page: 'clients', label: 'OAuth2 clients' },
  { page: 'scripts', label: 'Scripts' },
  { page: 'users', label: 'Users' },
  { page: 'groups', label: 'Groups' },
  { page: 'delegations', label: 'Delegations' },
  { page: 'audit', label: 'Audit' },
  { page: 'provider', label: 'Provider' },
];

export function App() {
  const route = useRoute();
  const [realm, setRealm] = useState(() => localStorage.getItem(REALM) ?? 'alpha');
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  useEffect(() => {
    resume(realm)
      .then(setSession)
      .catch(() => setSession(null));
    // The session is looked up once per page load and again when the realm changes.
  }, [realm]);

  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null)
    return (
      <SignIn
        realm={realm}
        onSignedIn={(s, managed) => {
          localStorage.setItem(REALM, managed);
          setRealm(managed);
          setSession(s);
        }}
      />
    );

  const pickRealm = (next: string) => {
    localStorage.setItem(REALM, next);
    setRealm(next);
  };
  const page = PAGES.some((p) => p.page === route.page) ? route.page : 'agents';

  return (
    <div className="shell">
      <header className="top">
        <span className="brand">Mandate</span>
        <RealmPicker realm={realm} onPick={pickRealm} />
        <span className="who" data-testid="signed-in-as">
          {session.uid}
        </span>
        <button
          type="button"
          onClick={() =>
            void signOut(session)
              .catch(() => undefined)
              .then(() => setSession(null))
          }
        >
          Sign out
        </button>
      </header>
      {session.admin ? (
        <>
          <nav className="nav">
            {PAGES.map((p) => (
              <a
                key={p.page}
                href={p.page}
                className={p.page === page ? 'active' : ''}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.page);
                }}
              >
                {p.label}
              </a>
            ))}
          </nav>
          <main className="main" key={`${realm}/${page}`}>
            {page === 'agents' && <ClientsView realm={realm} type="AIAgent" />}
            {page === 'clients' && <ClientsView realm={realm} type="OAuth2Client" />}
            {page === 'scripts' && <ScriptsView realm={realm} />}
            {page === 'users' && <IdentitiesView realm={realm} kind="users" />}
            {page === 'groups' && <IdentitiesView realm={realm} kind="groups" />}
            {page === 'delegations' && <DelegationsView realm={realm} />}
            {page === 'audit' && <AuditView realm={realm} />}
            {page === 'provider' && <ProviderView realm={realm} />}
          </main>
        </>
      ) : (
        <main className="main">
          <MyAgentsView session={session} realm={realm} />
        </main>
      )}
    </div>
  );
}

function RealmPicker({ realm, onPick }: { realm: string; onPick: (realm: string) => void }) {
  const [draft, setDraft] = useState(realm);
  const valid = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(draft);
  return (
    <form
      className="realm"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onPick(draft);
      }}
    >
      <label htmlFor="realm">Realm</label>
      <input id="realm" value={draft} onChange={(e) => setDraft(e.target.value)} aria-invalid={!valid} />
      <button type="submit" disabled={!valid || draft === realm}>
        Switch
      </button>
    </form>
  );
}

function SignIn({ realm: initialRealm, onSignedIn }: { realm: string; onSignedIn: (s: Session, realm: string) => void }) {
  const [realm, setRealm] = useState(initialRealm);
  const [username, setUsername] = useState('amadmin');
  const [password, setPassword] = useState('');
  const [loginRealm, setLoginRealm] = useState('root');
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password) {
      action.setError(new Error('Enter a user name and a password.'));
      return;
    }
    void action.run(async () => {
      onSignedIn(await signIn(loginRealm, username, password, realm), realm);
    });
  };
  return (
    <main className="signin">
      <form onSubmit={submit} className="card">
        <h1>Mandate console</h1>
        <label className="field">
          <span>User name</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="field">
          <span>Sign-in realm</span>
          <input name="loginRealm" value={loginRealm} onChange={(e) => setLoginRealm(e.target.value)} />
        </label>
        <label className="field">
          <span>Realm to manage</span>
          <input name="realm" value={realm} onChange={(e) => setRealm(e.target.value)} />
        </label>
        <ErrorBox error={action.error} />
        <button type="submit" className="primary" disabled={action.busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
