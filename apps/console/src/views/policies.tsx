import { type FormEvent, useEffect, useState } from 'react';
import { type QueryResult, Versions, call, enc } from '../api';
import { ErrorBox, useAction } from '../components/ui';
import { agentsPath } from './clients';

interface Policy {
  _id: string;
  subjects: string[];
  subjectGroups: string[];
  permissions: string[];
}
const lines = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** An agent's application policies: for each application, whom it may act for and with which scopes. */
export function PoliciesPanel({ realm, agentId }: { realm: string; agentId: string }) {
  const [items, setItems] = useState<Policy[]>([]);
  const [editing, setEditing] = useState<Policy | null>(null);
  const action = useAction();
  const base = `${agentsPath(realm, 'AIAgent', agentId)}/applications`;
  const reload = async () => setItems((await call<QueryResult<Policy>>('GET', `${base}?_queryFilter=true`, Versions.AIAgent)).result);
  useEffect(() => {
    void action.run(reload);
  }, [base]);
  return (
    <section className="panel">
      <div className="heading">
        <h2>Application policies</h2>
        <button type="button" onClick={() => setEditing({ _id: '', subjects: [], subjectGroups: [], permissions: [] })}>
          Add policy
        </button>
      </div>
      <ErrorBox error={action.error} />
      <table className="list">
        <thead>
          <tr>
            <th>Application</th>
            <th>Users</th>
            <th>Groups</th>
            <th>Scopes</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p._id}>
              <td>{p._id}</td>
              <td>{p.subjects.join(', ')}</td>
              <td>{p.subjectGroups.join(', ')}</td>
              <td>{p.permissions.join(', ')}</td>
              <td className="row-actions">
                <button type="button" onClick={() => setEditing(p)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the policy for ${p._id}?`))
                      void action.run(async () => {
                        await call('DELETE', `${base}/${enc(p._id)}`, Versions.AIAgent);
                        await reload();
                      });
                  }}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No policies: this agent may act towards no application.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {editing && (
        <PolicyForm
          policy={editing}
          onCancel={() => setEditing(null)}
          onSave={(p, isNew) =>
            action.run(async () => {
              await call('PUT', `${base}/${enc(p._id)}`, Versions.AIAgent, { subjects: p.subjects, subjectGroups: p.subjectGroups, permissions: p.permissions }, isNew ? { 'If-None-Match': '*' } : {});
              setEditing(null);
              await reload();
            })
          }
        />
      )}
    </section>
  );
}

function PolicyForm({ policy, onSave, onCancel }: { policy: Policy; onSave: (p: Policy, isNew: boolean) => void; onCancel: () => void }) {
  const isNew = policy._id === '';
  const [app, setApp] = useState(policy._id);
  const [subjects, setSubjects] = useState(policy.subjects.join(' '));
  const [groups, setGroups] = useState(policy.subjectGroups.join(' '));
  const [permissions, setPermissions] = useState(policy.permissions.join(' '));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^[A-Za-z0-9._~-]{1,255}$/.test(app)) return setProblem('Application: the ID of an OAuth2 client of this realm.');
    setProblem(null);
    onSave({ _id: app, subjects: lines(subjects), subjectGroups: lines(groups), permissions: lines(permissions) }, isNew);
  };
  return (
    <form className="card wide" onSubmit={submit}>
      <h3>{isNew ? 'New policy' : `Policy for ${policy._id}`}</h3>
      <label className="field">
        <span>Application (client ID)</span>
        <input name="application" value={app} disabled={!isNew} onChange={(e) => setApp(e.target.value)} />
      </label>
      <label className="field">
        <span>Users it may act for (space separated)</span>
        <input name="subjects" value={subjects} onChange={(e) => setSubjects(e.target.value)} />
      </label>
      <label className="field">
        <span>Groups it may act for (space separated)</span>
        <input name="subjectGroups" value={groups} onChange={(e) => setGroups(e.target.value)} />
      </label>
      <label className="field">
        <span>Scopes (space separated)</span>
        <input name="permissions" value={permissions} onChange={(e) => setPermissions(e.target.value)} />
      </label>
      {problem && <div className="error">{problem}</div>}
      <div className="actions">
        <button type="submit" className="primary">
          Save policy
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
