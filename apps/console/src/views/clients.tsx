import { type FormEvent, useEffect, useState } from 'react';
import { type QueryResult, Versions, call, enc, generateSecret, realmJson, unwrap } from '../api';
import { type Drafts, SectionForm, fromDrafts, toDrafts } from '../components/section-form';
import { ErrorBox, Notice, Tabs, useAction } from '../components/ui';
import { navigate, useRoute } from '../router';
import { PoliciesPanel } from './policies';

type AgentType = 'AIAgent' | 'OAuth2Client';
type Sections = Record<string, Record<string, unknown>>;
interface Resource {
  _id: string;
  _rev?: string;
  [section: string]: unknown;
}

/** AM's tabs for a client, by section name; sections the server adds later get their own name as a tab. */
const SECTION_TABS: Record<string, string> = {
  coreOAuth2ClientConfig: 'Core',
  advancedOAuth2ClientConfig: 'Advanced',
  overrideOAuth2ClientConfig: 'Provider overrides',
  signEncOAuth2ClientConfig: 'Signing and encryption',
  coreOpenIDClientConfig: 'OpenID Connect',
  coreUmaClientConfig: 'UMA',
};
const ID = /^[A-Za-z0-9._~-]{1,255}$/;

export const agentsPath = (realm: string, type: AgentType, id?: string) => `${realmJson(realm)}/realm-config/agents/${type}${id === undefined ? '' : `/${enc(id)}`}`;
const statusOf = (r: Resource) => String(unwrap(r)['coreOAuth2ClientConfig']?.['status'] ?? 'Active');

export function ClientsView({ realm, type }: { realm: string; type: AgentType }) {
  const route = useRoute();
  const page = type === 'AIAgent' ? 'agents' : 'clients';
  const id = route.params.get('id');
  if (id === '') return <CreateClient realm={realm} type={type} onCreated={(newId) => navigate(page, { id: newId })} />;
  if (id) return <EditClient key={id} realm={realm} type={type} id={id} onGone={() => navigate(page)} />;
  return <ClientList realm={realm} type={type} page={page} />;
}

function ClientList({ realm, type, page }: { realm: string; type: AgentType; page: string }) {
  const [items, setItems] = useState<Resource[] | null>(null);
  const [search, setSearch] = useState('');
  const action = useAction();
  useEffect(() => {
    void action.run(async () => setItems((await call<QueryResult<Resource>>('GET', `${agentsPath(realm, type)}?_queryFilter=true`, Versions[type])).result));
  }, [realm, type]);
  const shown = (items ?? []).filter((i) => i._id.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <section>
      <div className="heading">
        <h1>{type === 'AIAgent' ? 'AI agents' : 'OAuth2 clients'}</h1>
        <button type="button" className="primary" onClick={() => navigate(page, { id: '' })}>
          New {type === 'AIAgent' ? 'AI agent' : 'client'}
        </button>
      </div>
      <input className="search" type="search" placeholder="Search by ID" aria-label="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorBox error={action.error} />
      {items && (
        <table className="list">
          <thead>
            <tr>
              <th>ID</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i._id}>
                <td>
                  <a
                    href={`${page}?id=${enc(i._id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(page, { id: i._id });
                    }}
                  >
                    {i._id}
                  </a>
                </td>
                <td>
                  <span className={`status ${statusOf(i)}`}>{statusOf(i)}</span>
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={2} className="muted">
                  None{search ? ' match' : ' yet'}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateClient({ realm, type, onCreated }: { realm: string; type: AgentType; onCreated: (id: string) => void }) {
  const [id, setId] = useState('');
  const [clientType, setClientType] = useState('Confidential');
  const [scopes, setScopes] = useState('');
  const [redirects, setRedirects] = useState('');
  const [secret] = useState(generateSecret);
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ID.test(id)) return action.setError(new Error('ID: letters, digits and . _ ~ - only, 1 to 255 characters.'));
    const lines = (s: string) => s.split(/[\s,]+/).filter(Boolean);
    const core: Record<string, unknown> = { clientType, scopes: lines(scopes), redirectionUris: lines(redirects) };
    if (clientType === 'Confidential') core['userpassword'] = secret;
    void action.run(async () => {
      // If-None-Match: * creates only: an existing ID is refused by the server, never replaced.
      await call('PUT', agentsPath(realm, type, id), Versions[type], { coreOAuth2ClientConfig: core }, { 'If-None-Match': '*' });
      onCreated(id);
    });
  };
  return (
    <form className="card wide" onSubmit={submit}>
      <h1>New {type === 'AIAgent' ? 'AI agent' : 'OAuth2 client'}</h1>
      <label className="field">
        <span>ID</span>
        <input name="clientId" value={id} onChange={(e) => setId(e.target.value)} required />
      </label>
      <label className="field">
        <span>Client type</span>
        <select name="clientType" value={clientType} onChange={(e) => setClientType(e.target.value)}>
          <option>Confidential</option>
          <option>Public</option>
        </select>
      </label>
      <label className="field">
        <span>Scopes (space separated)</span>
        <input name="scopes" value={scopes} onChange={(e) => setScopes(e.target.value)} />
      </label>
      <label className="field">
        <span>Redirection URIs (space separated)</span>
        <input name="redirectionUris" value={redirects} onChange={(e) => setRedirects(e.target.value)} />
      </label>
      {clientType === 'Confidential' && (
        <Notice>
          Client secret (shown once, copy it now): <code data-testid="new-secret">{secret}</code>
        </Notice>
      )}
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Create
        </button>
        <button type="button" onClick={() => navigate(type === 'AIAgent' ? 'agents' : 'clients')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EditClient({ realm, type, id, onGone }: { realm: string; type: AgentType; id: string; onGone: () => void }) {
  const [sections, setSections] = useState<Sections | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Drafts>>({});
  const [tab, setTab] = useState('Core');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();

  const load = (resource: Resource) => {
    const s = unwrap(resource);
    setSections(s);
    setDrafts(Object.fromEntries(Object.entries(s).map(([name, section]) => [name, toDrafts(section)])));
  };
  useEffect(() => {
    void action.run(async () => load(await call<Resource>('GET', agentsPath(realm, type, id), Versions[type])));
  }, [realm, type, id]);
  if (!sections) return <ErrorBox error={action.error} />;

  // AM's order of tabs first, then any section the server adds.
  const order = Object.keys(SECTION_TABS);
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  const names = Object.keys(sections).sort((a, b) => rank(a) - rank(b));
  const tabOf = (name: string) => SECTION_TABS[name] ?? name;
  const current = names.find((n) => tabOf(n) === tab) ?? names[0];

  /** The whole client from the form (a PUT replaces it), or the problems found; the secret is never sent back (null keeps it). */
  const body = (): Record<string, unknown> | null => {
    const out: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const name of names) {
      const original = Object.fromEntries(Object.entries(sections[name]).filter(([k]) => k !== 'userpassword'));
      const { values, problems: p } = fromDrafts(original, drafts[name]);
      problems.push(...p.map((x) => `${tabOf(name)} › ${x}`));
      out[name] = values;
    }
    if (problems.length) {
      action.setError(new Error(`Nothing was saved. Fix: ${problems.join('; ')}`));
      return null;
    }
    return out;
  };
  const put = async (next: Record<string, unknown>) => load(await call<Resource>('PUT', agentsPath(realm, type, id), Versions[type], next));

  const save = (e: FormEvent) => {
    e.preventDefault();
    const next = body();
    if (next) void action.run(async () => (await put(next), 'Saved.'));
  };
  const status = String(sections['coreOAuth2ClientConfig']?.['status'] ?? 'Active');
  const toggle = () => {
    const next = body();
    if (!next) return;
    const target = status === 'Active' ? 'Inactive' : 'Active';
    (next['coreOAuth2ClientConfig'] as Record<string, unknown>)['status'] = target;
    void action.run(async () => (await put(next), `Status is now ${target}.`));
  };
  const rotate = () => {
    const next = body();
    if (!next) return;
    const fresh = generateSecret();
    (next['coreOAuth2ClientConfig'] as Record<string, unknown>)['userpassword'] = fresh;
    setSecret(null);
    void action.run(async () => {
      await put(next);
      setSecret(fresh);
      return 'The secret was rotated: the old one no longer works.';
    });
  };
  const remove = () => {
    if (!window.confirm(`Delete ${id}? This cannot be undone.`)) return;
    void action.run(async () => {
      await call('DELETE', agentsPath(realm, type, id), Versions[type]);
      onGone();
    });
  };

  return (
    <section>
      <div className="heading">
        <h1>
          {id} <span className={`status ${status}`} data-testid="status">{status}</span>
        </h1>
        <div className="actions">
          <button type="button" onClick={toggle} disabled={action.busy}>
            {status === 'Active' ? 'Disable' : 'Enable'}
          </button>
          <button type="button" onClick={rotate} disabled={action.busy}>
            Rotate secret
          </button>
          <button type="button" className="danger" onClick={remove} disabled={action.busy}>
            Delete
          </button>
        </div>
      </div>
      {secret && (
        <Notice>
          New secret (shown once, copy it now): <code data-testid="rotated-secret">{secret}</code>
        </Notice>
      )}
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorBox error={action.error} />
      <form onSubmit={save}>
        <Tabs tabs={names.map(tabOf)} active={tabOf(current)} onChange={setTab} />
        <SectionForm section={sections[current]} drafts={drafts[current]} onChange={(d) => setDrafts({ ...drafts, [current]: d })} skip={['userpassword']} />
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            Save
          </button>
          <button type="button" onClick={onGone}>
            Back to the list
          </button>
        </div>
      </form>
      {type === 'AIAgent' && <PoliciesPanel realm={realm} agentId={id} />}
    </section>
  );
}
