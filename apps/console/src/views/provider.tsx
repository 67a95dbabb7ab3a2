import { type FormEvent, useEffect, useState } from 'react';
import { Versions, call, realmJson, unwrap } from '../api';
import { type Drafts, SectionForm, fromDrafts, toDrafts } from '../components/section-form';
import { ErrorBox, Notice, Tabs, useAction } from '../components/ui';

type Sections = Record<string, Record<string, unknown>>;
const path = (realm: string) => `${realmJson(realm)}/realm-config/services/oauth-oidc`;

/** The realm's OAuth2 provider (`realm-config/services/oauth-oidc`), a tab per section. */
export function ProviderView({ realm }: { realm: string }) {
  const [sections, setSections] = useState<Sections | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Drafts>>({});
  const [tab, setTab] = useState('');
  const action = useAction();
  const load = (resource: Record<string, unknown>) => {
    const s = unwrap(resource);
    setSections(s);
    setDrafts(Object.fromEntries(Object.entries(s).map(([n, v]) => [n, toDrafts(v)])));
  };
  useEffect(() => {
    void action.run(async () => load(await call<Record<string, unknown>>('GET', path(realm), Versions.provider)));
  }, [realm]);
  if (!sections) return <ErrorBox error={action.error} />;
  const names = Object.keys(sections);
  const current = names.includes(tab) ? tab : names[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const n of names) {
      const { values, problems: p } = fromDrafts(sections[n], drafts[n]);
      body[n] = values;
      problems.push(...p.map((x) => `${n} › ${x}`));
    }
    if (problems.length) return action.setError(new Error(`Nothing was saved. Fix: ${problems.join('; ')}`));
    void action.run(async () => (load(await call<Record<string, unknown>>('PUT', path(realm), Versions.provider, body)), 'Saved.'));
  };
  return (
    <form onSubmit={submit}>
      <h1>OAuth2 provider of {realm}</h1>
      <Tabs tabs={names} active={current} onChange={setTab} />
      <SectionForm section={sections[current]} drafts={drafts[current]} onChange={(d) => setDrafts({ ...drafts, [current]: d })} />
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save
        </button>
      </div>
    </form>
  );
}
