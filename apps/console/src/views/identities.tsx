import { type FormEvent, useEffect, useState } from 'react';
import { type QueryResult, Versions, call, enc, realmJson } from '../api';
import { type Drafts, SectionForm, fromDrafts, toDrafts } from '../components/section-form';
import { ErrorBox, Notice, useAction } from '../components/ui';
import { navigate, useRoute } from '../router';

type Kind = 'users' | 'groups';
interface Identity {
  _id: string;
  _rev?: string;
  username: string;
  [attribute: string]: unknown;
}
const path = (realm: string, kind: Kind, id?: string) => `${realmJson(realm)}/${kind}${id === undefined ? '' : `/${enc(id)}`}`;
const plain = (i: Identity) => Object.fromEntries(Object.entries(i).filter(([k]) => !k.startsWith('_') && k !== 'userpassword'));
const NAME = /^[A-Za-z0-9._@+-]{1,255}$/;

export function IdentitiesView({ realm, kind }: { realm: string; kind: Kind }) {
  const route = useRoute();
  const id = route.params.get('id');
  if (id === '') return <CreateIdentity realm={realm} kind={kind} />;
  if (id) return <EditIdentity key={id} realm={realm} kind={kind} id={id} />;
  return <IdentityList realm={realm} kind={kind} />;
}

function IdentityList({ realm, kind }: { realm: string; kind: Kind }) {
  const [items, setItems] = useState<Identity[] | null>(null);
  const [search, setSearch] = useState('');
  const action = useAction();
  const find = (text: string) =>
    action.run(async () => {
      // CREST query: `username sw "te"`, or every identity for an empty search.
      const filter = text.trim() ? `username sw "${text.trim().replace(/["\\]/g, '')}"` : 'true';
      setItems((await call<QueryResult<Identity>>('GET', `${path(realm, kind)}?_queryFilter=${enc(filter)}`, Versions.identities)).result);
    });
  useEffect(() => {
    void find('');
  }, [realm, kind]);
  return (
    <section>
      <div className="heading">
        <h1>{kind === 'users' ? 'Users' : 'Groups'}</h1>
        <button type="button" className="primary" onClick={() => navigate(kind, { id: '' })}>
          New {kind === 'users' ? 'user' : 'group'}
        </button>
      </div>
      <form
        className="searchbar"
        onSubmit={(e) => {
          e.preventDefault();
          void find(search);
        }}
      >
        <input className="search" type="search" placeholder="Name starts with" aria-label="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={action.error} />
      <table className="list">
        <thead>
          <tr>
            <th>Name</th>
            <th>{kind === 'users' ? 'Mail' : 'Members'}</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((i) => (
            <tr key={i._id}>
              <td>
                <a
                  href={`${kind}?id=${enc(i._id)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(kind, { id: i._id });
                  }}
                >
                  {i.username}
                </a>
              </td>
              <td>{kind === 'users' ? String(i['mail'] ?? '') : ((i['uniqueMember'] as string[] | undefined) ?? []).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CreateIdentity({ realm, kind }: { realm: string; kind: Kind }) {
  const [f, setF] = useState({ username: '', userpassword: '', mail: '', givenName: '', sn: '', uniqueMember: '' });
  const action = useAction();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!NAME.test(f.username)) return action.setError(new Error('Name: letters, digits and . _ @ + - only.'));
    if (kind === 'users' && f.userpassword.length < 8) return action.setError(new Error('Password: at least 8 characters.'));
    if (kind === 'users' && f.mail && !/^[^@\s]+@[^@\s]+$/.test(f.mail)) return action.setError(new Error('Mail: not an e-mail address.'));
    const body =
      kind === 'users'
        ? Object.fromEntries(Object.entries({ username: f.username, userpassword: f.userpassword, mail: f.mail, givenName: f.givenName, sn: f.sn }).filter(([, v]) => v))
        : { username: f.username, uniqueMember: f.uniqueMember.split(/[\s,]+/).filter(Boolean) };
    void action.run(async () => {
      const created = await call<Identity>('POST', `${path(realm, kind)}?_action=create`, Versions.identities, body);
      navigate(kind, { id: created._id });
    });
  };
  return (
    <form className="card wide" onSubmit={submit}>
      <h1>New {kind === 'users' ? 'user' : 'group'}</h1>
      <label className="field">
        <span>Name</span>
        <input name="username" value={f.username} onChange={set('username')} />
      </label>
      {kind === 'users' ? (
        <>
          <label className="field">
            <span>Password</span>
            <input name="userpassword" type="password" autoComplete="new-password" value={f.userpassword} onChange={set('userpassword')} />
          </label>
          <label className="field">
            <span>Mail</span>
            <input name="mail" value={f.mail} onChange={set('mail')} />
          </label>
          <label className="field">
            <span>Given name</span>
            <input name="givenName" value={f.givenName} onChange={set('givenName')} />
          </label>
          <label className="field">
            <span>Surname</span>
            <input name="sn" value={f.sn} onChange={set('sn')} />
          </label>
        </>
      ) : (
        <label className="field">
          <span>Members (user names, space separated)</span>
          <input name="uniqueMember" value={f.uniqueMember} onChange={set('uniqueMember')} />
        </label>
      )}
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Create
        </button>
        <button type="button" onClick={() => navigate(kind)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EditIdentity({ realm, kind, id }: { realm: string; kind: Kind; id: string }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [password, setPassword] = useState('');
  const action = useAction();
  const load = (i: Identity) => {
    setIdentity(i);
    setDrafts(toDrafts(plain(i)));
  };
  useEffect(() => {
    void action.run(async () => load(await call<Identity>('GET', path(realm, kind, id), Versions.identities)));
  }, [realm, kind, id]);
  if (!identity) return <ErrorBox error={action.error} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { values, problems } = fromDrafts(plain(identity), drafts);
    if (problems.length) return action.setError(new Error(`Nothing was saved. Fix: ${problems.join('; ')}`));
    if (password && password.length < 8) return action.setError(new Error('New password: at least 8 characters.'));
    const body = password ? { ...values, userpassword: password } : values;
    void action.run(async () => {
      load(await call<Identity>('PUT', path(realm, kind, id), Versions.identities, body, identity._rev ? { 'If-Match': identity._rev } : {}));
      setPassword('');
      return 'Saved.';
    });
  };
  const remove = () => {
    if (!window.confirm(`Delete ${identity.username}?`)) return;
    void action.run(async () => {
      await call('DELETE', path(realm, kind, id), Versions.identities);
      navigate(kind);
    });
  };
  return (
    <form onSubmit={submit}>
      <div className="heading">
        <h1>{identity.username}</h1>
        <button type="button" className="danger" onClick={remove}>
          Delete
        </button>
      </div>
      <SectionForm section={plain(identity)} drafts={drafts} onChange={setDrafts} skip={['username']} />
      {kind === 'users' && (
        <label className="field">
          <span>New password (leave empty to keep it)</span>
          <input name="newPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      )}
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save
        </button>
        <button type="button" onClick={() => navigate(kind)}>
          Back to the list
        </button>
      </div>
    </form>
  );
}
