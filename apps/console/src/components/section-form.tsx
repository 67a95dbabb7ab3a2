/**
 * A form over one of AM's configuration sections, a field per setting the server answered:
 * true/false → checkbox, number → number, list of strings → one per line, string → text, and
 * anything else → JSON. Every field is checked before anything is sent.
 */
export type Drafts = Record<string, string | boolean>;

type Kind = 'boolean' | 'number' | 'strings' | 'string' | 'json';

export function kindOf(value: unknown): Kind {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'strings';
  return 'json';
}

export function toDrafts(section: Record<string, unknown>): Drafts {
  const drafts: Drafts = {};
  for (const [k, v] of Object.entries(section)) {
    const kind = kindOf(v);
    drafts[k] = kind === 'boolean' ? (v as boolean) : kind === 'strings' ? (v as string[]).join('\n') : kind === 'json' ? JSON.stringify(v, null, 2) : String(v ?? '');
  }
  return drafts;
}

/** Drafts → values, or the list of problems (`field: what is wrong`). */
export function fromDrafts(original: Record<string, unknown>, drafts: Drafts): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(original)) {
    const draft = drafts[k];
    switch (kindOf(v)) {
      case 'boolean':
        values[k] = draft === true;
        break;
      case 'number': {
        const text = String(draft).trim();
        if (!/^-?\d+(\.\d+)?$/.test(text)) problems.push(`${k}: must be a number`);
        else values[k] = Number(text);
        break;
      }
      case 'strings':
        values[k] = String(draft)
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case 'string':
        values[k] = String(draft);
        break;
      default:
        try {
          values[k] = JSON.parse(String(draft));
        } catch {
          problems.push(`${k}: must be valid JSON`);
        }
    }
  }
  return { values, problems };
}

export function SectionForm({ section, drafts, onChange, skip = [] }: { section: Record<string, unknown>; drafts: Drafts; onChange: (d: Drafts) => void; skip?: string[] }) {
  const keys = Object.keys(section).filter((k) => !skip.includes(k));
  if (keys.length === 0) return <p className="muted">No settings in this section.</p>;
  return (
    <div className="fields">
      {keys.map((k) => {
        const kind = kindOf(section[k]);
        const id = `field-${k}`;
        const set = (v: string | boolean) => onChange({ ...drafts, [k]: v });
        if (kind === 'boolean')
          return (
            <label key={k} className="field check" htmlFor={id}>
              <input id={id} name={k} type="checkbox" checked={drafts[k] === true} onChange={(e) => set(e.target.checked)} />
              {k}
            </label>
          );
        return (
          <label key={k} className="field" htmlFor={id}>
            <span>
              {k}
              {kind === 'strings' ? <small> (one per line)</small> : kind === 'json' ? <small> (JSON)</small> : null}
            </span>
            {kind === 'strings' || kind === 'json' ? (
              <textarea id={id} name={k} rows={Math.min(6, Math.max(2, String(drafts[k]).split('\n').length))} value={String(drafts[k])} onChange={(e) => set(e.target.value)} />
            ) : (
              <input id={id} name={k} inputMode={kind === 'number' ? 'numeric' : undefined} value={String(drafts[k])} onChange={(e) => set(e.target.value)} />
            )}
          </label>
        );
      })}
    </div>
  );
}
