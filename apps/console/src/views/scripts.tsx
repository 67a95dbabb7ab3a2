import { type FormEvent, Suspense, lazy, useEffect, useState } from 'react';
import { type QueryResult, Versions, b64decode, b64encode, call, enc, realmJson } from '../api';
import { ErrorBox, Notice, useAction } from '../components/ui';
import { navigate, useRoute } from '../router';

interface Script {
  _id: string;
  name: string;
  description?: string;
  context: string;
  language: string;
  evaluatorVersion?: string;
  script: string;
}

// CodeMirror loads with the first script opened: the rest of the console stays a small bundle.
const CodeEditor = lazy(() => import('../components/code-editor').then((m) => ({ default: m.CodeEditor })));

const CONTEXTS = ['OAUTH2_MAY_ACT_NEXT_GEN', 'OAUTH2_MAY_ACT', 'OAUTH2_DYNAMIC_CLIENT_REGISTRATION', 'LIBRARY'];
const SAMPLE = `(function () {
  // may_act of the issued token (RFC 8693 §4.4): who may act for the subject.
  token.setMayAct({ client_id: 'my-agent' });
}());
`;
const scriptsPath = (realm: string, id?: string) => `${realmJson(realm)}/scripts${id === undefined ? '' : `/${enc(id)}`}`;

export function ScriptsView({ realm }: { realm: string }) {
  const route = useRoute();
  const id = route.params.get('id');
  if (id !== null) return <ScriptEditor key={id} realm={realm} id={id} />;
  return <ScriptList realm={realm} />;
}

function ScriptList({ realm }: { realm: string }) {
  const [items, setItems] = useState<Script[] | null>(null);
  const [search, setSearch] = useState('');
  const action = useAction();
  useEffect(() => {
    void action.run(async () => setItems((await call<QueryResult<Script>>('GET', `${scriptsPath(realm)}?_queryFilter=true`, Versions.scripts)).result));
  }, [realm]);
  const q = search.trim().toLowerCase();
  const shown = (items ?? []).filter((s) => s.name.toLowerCase().includes(q) || s._id.includes(q));
  return (
    <section>
      <div className="heading">
        <h1>Scripts</h1>
        <button type="button" className="primary" onClick={() => navigate('scripts', { id: '' })}>
          New script
        </button>
      </div>
      <input className="search" type="search" placeholder="Search by name" aria-label="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorBox error={action.error} />
      <table className="list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Context</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s._id}>
              <td>
                <a
                  href={`scripts?id=${enc(s._id)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate('scripts', { id: s._id });
                  }}
                >
                  {s.name}
                </a>
              </td>
              <td>{s.context}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ScriptEditor({ realm, id }: { realm: string; id: string }) {
  const isNew = id === '';
  const [script, setScript] = useState<Script | null>(isNew ? { _id: '', name: '', description: '', context: CONTEXTS[0], language: 'JAVASCRIPT', script: b64encode(SAMPLE) } : null);
  const [source, setSource] = useState(isNew ? SAMPLE : '');
  const action = useAction();
  useEffect(() => {
    if (isNew) return;
    void action.run(async () => {
      const s = await call<Script>('GET', scriptsPath(realm, id), Versions.scripts);
      setSource(b64decode(s.script));
      setScript(s);
    });
  }, [realm, id]);
  if (!script) return <ErrorBox error={action.error} />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!script.name.trim()) return action.setError(new Error('Name: required.'));
    if (!source.trim()) return action.setError(new Error('Script: must not be empty.'));
    const body = { name: script.name.trim(), description: script.description ?? '', context: script.context, language: 'JAVASCRIPT', script: b64encode(source) };
    void action.run(async () => {
      if (isNew) {
        const created = await call<Script>('POST', `${scriptsPath(realm)}?_action=create`, Versions.scripts, body);
        navigate('scripts', { id: created._id });
        return;
      }
      setScript(await call<Script>('PUT', scriptsPath(realm, id), Versions.scripts, { ...body, evaluatorVersion: script.evaluatorVersion }));
      return 'Saved.';
    });
  };
  const remove = () => {
    if (!window.confirm(`Delete the script ${script.name}?`)) return;
    void action.run(async () => {
      await call('DELETE', scriptsPath(realm, id), Versions.scripts);
      navigate('scripts');
    });
  };
  return (
    <form onSubmit={submit}>
      <div className="heading">
        <h1>{isNew ? 'New script' : script.name}</h1>
        {!isNew && (
          <button type="button" className="danger" onClick={remove}>
            Delete
          </button>
        )}
      </div>
      {!isNew && (
        <p className="muted">
          ID <code data-testid="script-id">{script._id}</code>: a client&apos;s provider overrides name it in accessTokenMayActScript.
        </p>
      )}
      <label className="field">
        <span>Name</span>
        <input name="name" value={script.name} onChange={(e) => setScript({ ...script, name: e.target.value })} />
      </label>
      <label className="field">
        <span>Description</span>
        <input name="description" value={script.description ?? ''} onChange={(e) => setScript({ ...script, description: e.target.value })} />
      </label>
      <label className="field">
        <span>Context</span>
        <select name="context" value={script.context} disabled={!isNew} onChange={(e) => setScript({ ...script, context: e.target.value })}>
          {[...new Set([...CONTEXTS, script.context])].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <div className="field">
        <span>Script (JavaScript)</span>
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <CodeEditor value={source} onChange={setSource} label="Script source" />
        </Suspense>
      </div>
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {isNew ? 'Create' : 'Save'}
        </button>
        <button type="button" onClick={() => navigate('scripts')}>
          Back to the list
        </button>
      </div>
    </form>
  );
}
