import { type FormEvent, useEffect, useState } from 'react';
import { Versions, call, enc, realmJson } from '../api';
import { ErrorBox, useAction } from '../components/ui';
import { navigate, useRoute } from '../router';

/** One event as `GET json/.../audit` answers it (libs/contracts audit-event.message.ts); `_id` is the event's id. */
export interface AuditEvent {
  _id: string;
  time: string;
  realm: string;
  event: string;
  outcome: 'success' | 'failure';
  subject?: string;
  actors?: string[];
  client?: string;
  audience?: string[];
  scopes?: string[];
  grantType?: string;
  authGrantId?: string;
  parentGrantIds?: string[];
  error?: string;
  reason?: string;
  correlationId?: string;
  resource?: string;
  operation?: string;
}

interface Query {
  filter: string;
  pageSize: string;
  sortKeys: string;
  cookie?: string;
}

interface AuditPage {
  result: AuditEvent[];
  resultCount: number;
  pagedResultsCookie: string | null;
}

/** The event types the audit trail records (AuditEventTypes of the contracts). */
export const EVENT_TYPES = ['token_issued', 'token_exchanged', 'token_refreshed', 'token_revoked', 'token_refused', 'login', 'logout', 'lockout', 'admin_change'];
const PAGE_SIZES = ['10', '25', '50', '100'];
const auditPath = (realm: string) => `${realmJson(realm)}/audit`;

export interface AuditFilters {
  subject: string;
  actor: string;
  event: string;
  from: string;
  to: string;
  /** An extra CREST `_queryFilter` expression, and-ed with the fields above. */
  expression: string;
}

const EMPTY: AuditFilters = { subject: '', actor: '', event: '', from: '', to: '', expression: '' };

/**
 * The filters as one CREST `_queryFilter` (`subject eq "x" and event eq "token_exchanged"`), or
 * the problems that keep it from being sent. A quote or a backslash in a value would change the
 * expression's meaning, so such values are refused rather than escaped.
 */
export function queryFilterOf(f: AuditFilters): { filter: string } | { problems: string[] } {
  const problems: string[] = [];
  const parts: string[] = [];
  const literal = (label: string, value: string) => {
    const v = value.trim();
    if (/["\\]/.test(v)) problems.push(`${label}: no quotes or backslashes.`);
    if (v.length > 1024) problems.push(`${label}: at most 1024 characters.`);
    return v;
  };
  const subject = literal('Subject', f.subject);
  if (subject) parts.push(`subject eq "${subject}"`);
  const actor = literal('Actor', f.actor);
  if (actor) parts.push(`actors co "${actor}"`);
  if (f.event) {
    if (EVENT_TYPES.includes(f.event)) parts.push(`event eq "${f.event}"`);
    else problems.push(`Event type: one of ${EVENT_TYPES.join(', ')}.`);
  }
  const instant = (label: string, value: string) => {
    if (!value) return undefined;
    const t = new Date(value);
    if (Number.isNaN(t.getTime())) {
      problems.push(`${label}: not a date and time.`);
      return undefined;
    }
    return t;
  };
  const from = instant('From', f.from);
  const to = instant('To', f.to);
  if (from && to && from > to) problems.push('Time range: “from” is after “to”.');
  if (from) parts.push(`time ge "${from.toISOString()}"`);
  if (to) parts.push(`time le "${to.toISOString()}"`);
  if (f.expression.trim()) parts.push(`(${f.expression.trim()})`);
  if (problems.length) return { problems };
  return { filter: parts.length ? parts.join(' and ') : 'true' };
}

export function AuditView({ realm }: { realm: string }) {
  const route = useRoute();
  const id = route.params.get('id');
  if (id) return <AuditDetail key={id} realm={realm} id={id} />;
  return <AuditList realm={realm} />;
}

/** The list's state survives opening an event and coming back (the detail is a route of its own). */
let remembered: { filters: AuditFilters; pageSize: string; newestFirst: boolean } | undefined;

function AuditList({ realm }: { realm: string }) {
  const [filters, setFilters] = useState<AuditFilters>(remembered?.filters ?? EMPTY);
  const [pageSize, setPageSize] = useState(remembered?.pageSize ?? '25');
  const [newestFirst, setNewestFirst] = useState(remembered?.newestFirst ?? true);
  const [problems, setProblems] = useState<string[]>([]);
  const [page, setPage] = useState<AuditPage | null>(null);
  /** The cookies of the pages before this one: `Previous` goes back without the server keeping state. */
  const [trail, setTrail] = useState<string[]>([]);
  const [query, setQuery] = useState<Query | null>(null);
  const action = useAction();

  /** One page of a query; the page size and the order stay those of the search that began it, as its cookies need. */
  const load = (q: Query, back: string[]) =>
    action.run(async () => {
      const params = new URLSearchParams({ _queryFilter: q.filter, _pageSize: q.pageSize, _sortKeys: q.sortKeys });
      if (q.cookie) params.set('_pagedResultsCookie', q.cookie);
      const answer = await call<AuditPage>('GET', `${auditPath(realm)}?${params.toString()}`, Versions.audit);
      setPage(answer);
      setTrail(back);
      setQuery(q);
    });

  const search = (e?: FormEvent) => {
    e?.preventDefault();
    const built = queryFilterOf(filters);
    if ('problems' in built) {
      setProblems(built.problems);
      return;
    }
    setProblems([]);
    remembered = { filters, pageSize, newestFirst };
    // A new search drops the old results: they would otherwise pass for this one's if it fails.
    setPage(null);
    setQuery(null);
    void load({ filter: built.filter, pageSize, sortKeys: newestFirst ? '-time' : 'time' }, []);
  };
  useEffect(() => {
    search();
    // The first page loads once; afterwards the form's Search button asks again.
  }, [realm]);

  const set = (key: keyof AuditFilters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <section data-testid="audit">
      <h1>Audit trail</h1>
      <form className="card wide filters" onSubmit={search} noValidate>
        <div className="fields">
          <div className="field">
            <label htmlFor="audit-subject">Subject</label>
            <input id="audit-subject" name="subject" placeholder="user id or client id" value={filters.subject} onChange={set('subject')} />
          </div>
          <div className="field">
            <label htmlFor="audit-actor">Actor</label>
            <input id="audit-actor" name="actor" placeholder="an agent of the act chain" value={filters.actor} onChange={set('actor')} />
          </div>
          <div className="field">
            <label htmlFor="audit-event">Event type</label>
            <select id="audit-event" name="event" value={filters.event} onChange={set('event')}>
              <option value="">Any</option>
              {EVENT_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" name="from" type="datetime-local" step="1" value={filters.from} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" name="to" type="datetime-local" step="1" value={filters.to} onChange={set('to')} />
          </div>
          <div className="field">
            <label htmlFor="audit-pageSize">Page size</label>
            <select id="audit-pageSize" name="pageSize" value={pageSize} onChange={(e) => setPageSize(e.target.value)}>
              {PAGE_SIZES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-order">Order</label>
            <select id="audit-order" name="order" value={newestFirst ? 'newest' : 'oldest'} onChange={(e) => setNewestFirst(e.target.value === 'newest')}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-expression">Query filter (CREST, optional)</label>
            <input id="audit-expression" name="expression" placeholder='client eq "hr-agent"' value={filters.expression} onChange={set('expression')} />
          </div>
        </div>
        {problems.length > 0 && (
          <div className="error" role="alert" data-testid="form-problems">
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            Search
          </button>
          <button
            type="button"
            onClick={() => {
              setFilters(EMPTY);
              setProblems([]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorBox error={action.error} />
      {page && (
        <>
          {query && (
            <p className="muted query">
              <code data-testid="audit-query">{query.filter}</code>
            </p>
          )}
          {page.result.length === 0 ? (
            <p className="muted">No events.</p>
          ) : (
            <div className="table-scroll">
              <table className="list audit-list">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Event</th>
                    <th>Outcome</th>
                    <th>Subject</th>
                    <th>Client</th>
                    <th>Actors</th>
                  </tr>
                </thead>
                <tbody>
                  {page.result.map((e) => (
                    <tr key={e._id} data-testid="audit-row" data-event-id={e._id}>
                      <td>
                        <a
                          href={`audit?id=${enc(e._id)}`}
                          onClick={(ev) => {
                            ev.preventDefault();
                            navigate('audit', { id: e._id });
                          }}
                        >
                          {new Date(e.time).toLocaleString()}
                        </a>
                      </td>
                      <td>{e.event}</td>
                      <td>
                        <span className={`status ${e.outcome}`}>{e.outcome}</span>
                      </td>
                      <td>
                        <code>{e.subject ?? ''}</code>
                      </td>
                      <td>{e.client ?? ''}</td>
                      <td>{(e.actors ?? []).join(' ← ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="actions pager">
            <button type="button" disabled={action.busy || trail.length === 0 || !query} onClick={() => query && void load({ ...query, cookie: trail[trail.length - 1] || undefined }, trail.slice(0, -1))}>
              Previous page
            </button>
            <button
              type="button"
              disabled={action.busy || !page.pagedResultsCookie || !query}
              onClick={() => query && page.pagedResultsCookie && void load({ ...query, cookie: page.pagedResultsCookie }, [...trail, query.cookie ?? ''])}
            >
              Next page
            </button>
            <span className="muted" data-testid="audit-page">
              Page {trail.length + 1} · {page.resultCount} event{page.resultCount === 1 ? '' : 's'}
            </span>
          </div>
        </>
      )}
    </section>
  );
}

const DETAIL_FIELDS: Array<[keyof AuditEvent, string]> = [
  ['_id', 'Event id'],
  ['time', 'Time'],
  ['realm', 'Realm'],
  ['event', 'Event'],
  ['outcome', 'Outcome'],
  ['subject', 'Subject'],
  ['actors', 'Actors (newest first)'],
  ['client', 'Client'],
  ['audience', 'Audience'],
  ['scopes', 'Scopes'],
  ['grantType', 'Grant type'],
  ['authGrantId', 'Grant'],
  ['parentGrantIds', 'Parent grants'],
  ['error', 'Error'],
  ['reason', 'Reason (never shown to the caller)'],
  ['correlationId', 'Correlation id'],
  ['resource', 'Resource'],
  ['operation', 'Operation'],
];

/** One event, found by its id (`_id eq "…"`), every member the server answered. */
function AuditDetail({ realm, id }: { realm: string; id: string }) {
  const [event, setEvent] = useState<AuditEvent | null | undefined>(undefined);
  const action = useAction();
  useEffect(() => {
    void action.run(async () => {
      const params = new URLSearchParams({ _queryFilter: `_id eq "${id.replace(/["\\]/g, '')}"`, _pageSize: '1' });
      const answer = await call<AuditPage>('GET', `${auditPath(realm)}?${params.toString()}`, Versions.audit);
      setEvent(answer.result[0] ?? null);
    });
  }, [realm, id]);
  const known = new Set<string>(DETAIL_FIELDS.map(([k]) => k));
  const extra = event ? Object.keys(event).filter((k) => !known.has(k)) : [];
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  return (
    <section data-testid="audit-detail">
      <div className="heading">
        <h1>Audit event</h1>
        <button type="button" onClick={() => navigate('audit')}>
          Back to the trail
        </button>
      </div>
      <ErrorBox error={action.error} />
      {event === null && <p className="muted">No event {id} in this realm.</p>}
      {event && (
        <dl className="card wide detail">
          {DETAIL_FIELDS.filter(([k]) => event[k] !== undefined).map(([k, label]) => (
            <div key={k} data-field={k}>
              <dt>{label}</dt>
              <dd>{k === 'time' ? `${event.time} (${new Date(event.time).toLocaleString()})` : show(event[k])}</dd>
            </div>
          ))}
          {extra.map((k) => (
            <div key={k} data-field={k}>
              <dt>{k}</dt>
              <dd>{show((event as unknown as Record<string, unknown>)[k])}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
