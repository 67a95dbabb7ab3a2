import { useCallback, useEffect, useState } from 'react';
import { type QueryResult, Versions, call, enc, realmJson } from '../api';
import { ErrorBox, useAction } from '../components/ui';

/** One grant of a lineage, as `GET …/delegations/{authGrantId}` answers it (README "Governance"). */
export interface DelegationNode {
  authGrantId: string;
  subject: string;
  client_id: string;
  actors: string[];
  scope: string[];
  aud?: unknown;
  issued: string;
  expires: string;
  active: boolean;
  revoked: boolean;
  children: DelegationNode[];
}

export type DelegationOwner = { kind: 'user'; id: string } | { kind: 'agent'; id: string };

const audOf = (aud: unknown) => (Array.isArray(aud) ? aud.join(' ') : typeof aud === 'string' ? aud : '');

function listPath(realm: string, owner: DelegationOwner): string {
  return owner.kind === 'user'
    ? `${realmJson(realm)}/users/${enc(owner.id)}/delegations`
    : `${realmJson(realm)}/realm-config/agents/AIAgent/${enc(owner.id)}/delegations`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A grant's subject is the user's id (a UUID), which says little in a graph: the user names come
 * from the owner itself (a user's own delegations) or from the identities API (an agent's, which
 * only an administrator lists). A subject that is no user (an agent acting for itself) keeps its id.
 */
async function subjectNames(realm: string, owner: DelegationOwner, grants: DelegationNode[]): Promise<Map<string, string>> {
  const ids = [...new Set(grants.map((g) => g.subject))];
  if (owner.kind === 'user') return new Map(ids.map((id) => [id, owner.id]));
  const users = ids.filter((id) => UUID.test(id));
  if (users.length === 0) return new Map();
  const filter = users.map((id) => `_id eq "${id}"`).join(' or ');
  try {
    const r = await call<QueryResult<{ _id: string; username: string }>>('GET', `${realmJson(realm)}/users?_queryFilter=${enc(filter)}`, Versions.identities);
    return new Map(r.result.map((u) => [u._id, u.username]));
  } catch {
    return new Map();
  }
}

/** A node's label fits its box; the full name is its tooltip. */
const short = (name: string) => (name.length > 20 ? `${name.slice(0, 19)}…` : name);

interface Edge {
  from: string;
  to: string;
  grant: DelegationNode;
}

/**
 * The live delegation chains as a graph: the subject (a user) on the left, each actor of the
 * `act` chain one column further right, one edge per hop labelled with the grant's scopes and
 * audience. The layout is a column per chain depth, which is all a chain needs: a graph library
 * would bring a general layout engine for what is a left-to-right list of hops.
 */
function DelegationGraph({ grants, names, selected, onSelect }: { grants: DelegationNode[]; names: Map<string, string>; selected?: string; onSelect: (g: DelegationNode) => void }) {
  const columns: string[][] = [];
  const place = (depth: number, name: string) => {
    columns[depth] ??= [];
    if (!columns[depth].includes(name)) columns[depth].push(name);
  };
  const edges: Edge[] = [];
  for (const g of grants) {
    // actors are outermost (newest) first: the chain from the user runs through them reversed.
    const chain = [names.get(g.subject) ?? g.subject, ...[...g.actors].reverse()];
    chain.forEach((name, depth) => place(depth, name));
    for (let i = 1; i < chain.length; i++) edges.push({ from: `${i - 1}:${chain[i - 1]}`, to: `${i}:${chain[i]}`, grant: g });
  }
  const W = 320;
  const H = 80;
  const NODE = 140;
  // Several grants over the same hop (the same user and agent, exchanged twice) fan out a little.
  const seen = new Map<string, number>();
  const fan = edges.map((e) => {
    const k = `${e.from}>${e.to}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n;
  });
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((names, depth) => names.forEach((n, row) => pos.set(`${depth}:${n}`, { x: 20 + depth * W, y: 30 + row * H })));
  const width = Math.max(320, 40 + columns.length * W);
  const height = Math.max(100, 40 + Math.max(0, ...columns.map((c) => c.length)) * H);
  return (
    <div className="graph">
      <svg width={width} height={height} aria-label="Delegation graph" data-testid="delegation-graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5b85" />
          </marker>
        </defs>
        {edges.map((e, i) => {
          const a = pos.get(e.from) ?? { x: 0, y: 0 };
          const b = pos.get(e.to) ?? { x: 0, y: 0 };
          const aud = audOf(e.grant.aud);
          const label = [e.grant.scope.join(' '), aud && `aud ${aud}`].filter(Boolean).join(' · ');
          const active = e.grant.authGrantId === selected;
          const shift = ((fan[i] % 3) - 1) * (fan[i] === 0 ? 0 : 8);
          const x1 = a.x + NODE;
          const y1 = a.y + 15 + shift;
          const x2 = b.x;
          const y2 = b.y + 15 + shift;
          const name = (key: string) => key.slice(key.indexOf(':') + 1);
          return (
            <g
              key={i}
              className="edge"
              data-testid="delegation-edge"
              data-grant={e.grant.authGrantId}
              role="button"
              tabIndex={0}
              aria-label={`${name(e.from)} → ${name(e.to)}: ${label}`}
              aria-pressed={active}
              onClick={() => onSelect(e.grant)}
              onKeyDown={(k) => {
                if (k.key === 'Enter' || k.key === ' ') {
                  k.preventDefault();
                  onSelect(e.grant);
                }
              }}
              style={{ cursor: 'pointer' }}
            >
              {/* A wide transparent stroke: the edge is easy to hit, not only its 2 px line. */}
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={18} pointerEvents="stroke" />
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={active ? '#b42318' : '#4a5b85'} strokeWidth={active ? 3 : 2} markerEnd="url(#arrow)" />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} fontSize="11" textAnchor="middle">
                {label}
              </text>
            </g>
          );
        })}
        {[...pos.entries()].map(([key, p]) => (
          <g key={key} className="node" data-testid="delegation-node">
            <title>{key.slice(key.indexOf(':') + 1)}</title>
            <rect x={p.x} y={p.y} width={NODE} height={30} rx={6} fill={key.startsWith('0:') ? '#e3f4e8' : '#eef4ff'} stroke="#8a94ab" />
            <text x={p.x + NODE / 2} y={p.y + 19} fontSize="12" textAnchor="middle">
              {short(key.slice(key.indexOf(':') + 1))}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

function LineageTree({ node, names }: { node: DelegationNode; names: Map<string, string> }) {
  return (
    <li data-grant={node.authGrantId}>
      <code>{node.authGrantId}</code> {names.get(node.subject) ?? node.subject} via <strong>{node.client_id}</strong> [{node.scope.join(' ')}]{node.aud !== undefined && ` aud ${audOf(node.aud)}`}, until {new Date(node.expires).toLocaleString()}{' '}
      <span className="status">{node.revoked ? 'revoked' : node.active ? 'active' : 'expired'}</span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <LineageTree key={c.authGrantId} node={c} names={names} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A user's or an agent's live delegations: the graph, a chosen grant's lineage, and revoking that branch. */
export function DelegationsPanel({ realm, owner }: { realm: string; owner: DelegationOwner }) {
  const [grants, setGrants] = useState<DelegationNode[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [tree, setTree] = useState<DelegationNode | null>(null);
  const load = useAction();
  const act = useAction();
  const refresh = useCallback(() => {
    void load.run(async () => {
      const r = await call<QueryResult<DelegationNode>>('GET', listPath(realm, owner), Versions.delegations);
      setNames(await subjectNames(realm, owner, r.result));
      setGrants(r.result);
    });
  }, [realm, owner.kind, owner.id]);
  useEffect(refresh, [refresh]);
  const select = (g: DelegationNode) =>
    void act.run(async () => {
      setTree(await call<DelegationNode>('GET', `${realmJson(realm)}/delegations/${enc(g.authGrantId)}`, Versions.delegations));
    });
  const revoke = (t: DelegationNode) =>
    void act.run(async () => {
      const revoked = await call<DelegationNode>('DELETE', `${realmJson(realm)}/delegations/${enc(t.authGrantId)}`, Versions.delegations);
      // The answer is the branch, now revoked: it leaves the graph at once, before the list is read again.
      const gone = new Set<string>();
      const collect = (n: DelegationNode) => {
        gone.add(n.authGrantId);
        n.children.forEach(collect);
      };
      collect(revoked);
      setGrants((gs) => (gs ? gs.filter((g) => !gone.has(g.authGrantId)) : gs));
      setTree(null);
      refresh();
      return `Revoked ${t.authGrantId} and every grant derived from it.`;
    });
  return (
    <section className="panel" data-testid="delegations">
      <h2>
        Delegations of {owner.kind} {owner.id}
      </h2>
      <ErrorBox error={load.error} />
      {grants && grants.length === 0 && <p className="muted">No live delegations.</p>}
      {grants && grants.length > 0 && <DelegationGraph grants={grants} names={names} selected={tree?.authGrantId} onSelect={select} />}
      <ErrorBox error={act.error} />
      {act.done && <div className="notice" role="status">{act.done}</div>}
      {tree && (
        <div className="card" data-testid="lineage">
          <h3>Lineage</h3>
          <ul>
            <LineageTree node={tree} names={names} />
          </ul>
          <button type="button" className="danger" disabled={act.busy || tree.revoked} onClick={() => revoke(tree)}>
            Revoke this branch
          </button>
        </div>
      )}
    </section>
  );
}

const NAME = /^[A-Za-z0-9._@+~-]{1,255}$/;

/** The admin page: pick a user or an agent, see its delegations. */
export function DelegationsView({ realm }: { realm: string }) {
  const [kind, setKind] = useState<'user' | 'agent'>('user');
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [owner, setOwner] = useState<DelegationOwner | null>(null);
  return (
    <section>
      <h1>Delegations</h1>
      <form
        className="searchbar"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const id = draft.trim();
          if (!NAME.test(id)) {
            setProblem(`${kind === 'user' ? 'User name' : 'Agent ID'}: letters, digits and . _ @ + ~ - only, 1 to 255 characters.`);
            return;
          }
          setProblem(null);
          setOwner({ kind, id });
        }}
      >
        <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'user' | 'agent')}>
          <option value="user">User</option>
          <option value="agent">AI agent</option>
        </select>
        <input aria-label="Name" placeholder="username or agent id" value={draft} onChange={(e) => setDraft(e.target.value)} aria-invalid={problem !== null} />
        <button type="submit">Show</button>
      </form>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      {owner && <DelegationsPanel key={`${owner.kind}/${owner.id}`} realm={realm} owner={owner} />}
    </section>
  );
}
