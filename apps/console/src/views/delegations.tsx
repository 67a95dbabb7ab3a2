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
function DelegationGraph({ grants, selected, onSelect }: { grants: DelegationNode[]; selected?: string; onSelect: (g: DelegationNode) => void }) {
  const columns: string[][] = [];
  const place = (depth: number, name: string) => {
    columns[depth] ??= [];
    if (!columns[depth].includes(name)) columns[depth].push(name);
  };
  const edges: Edge[] = [];
  for (const g of grants) {
    // actors are outermost (newest) first: the chain from the user runs through them reversed.
    const chain = [g.subject, ...[...g.actors].reverse()];
    chain.forEach((name, depth) => place(depth, name));
    for (let i = 1; i < chain.length; i++) edges.push({ from: `${i - 1}:${chain[i - 1]}`, to: `${i}:${chain[i]}`, grant: g });
  }
  const W = 200;
  const H = 70;
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((names, depth) => names.forEach((n, row) => pos.set(`${depth}:${n}`, { x: 20 + depth * W, y: 30 + row * H })));
  const width = Math.max(320, 40 + columns.length * W);
  const height = Math.max(100, 40 + Math.max(0, ...columns.map((c) => c.length)) * H);
  return (
    <div className="graph" style={{ overflowX: 'auto' }}>
      <svg width={width} height={height} role="img" aria-label="Delegation graph" data-testid="delegation-graph">
        {edges.map((e, i) => {
          const a = pos.get(e.from) ?? { x: 0, y: 0 };
          const b = pos.get(e.to) ?? { x: 0, y: 0 };
          const label = [e.grant.scope.join(' '), audOf(e.grant.aud)].filter(Boolean).join(' → ');
          const active = e.grant.authGrantId === selected;
          return (
            <g key={i} className="edge" data-testid="delegation-edge" data-grant={e.grant.authGrantId} onClick={() => onSelect(e.grant)} style={{ cursor: 'pointer' }}>
              <line x1={a.x + 120} y1={a.y + 15} x2={b.x} y2={b.y + 15} stroke={active ? '#b42318' : '#4a5b85'} strokeWidth={active ? 3 : 2} />
              <text x={(a.x + 120 + b.x) / 2} y={(a.y + b.y) / 2 + 8} fontSize="11" textAnchor="middle">
                {label}
              </text>
            </g>
          );
        })}
        {[...pos.entries()].map(([key, p]) => (
          <g key={key} className="node">
            <rect x={p.x} y={p.y} width={120} height={30} rx={6} fill={key.startsWith('0:') ? '#e3f4e8' : '#eef4ff'} stroke="#8a94ab" />
            <text x={p.x + 60} y={p.y + 19} fontSize="12" textAnchor="middle">
              {key.slice(key.indexOf(':') + 1)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

function LineageTree({ node }: { node: DelegationNode }) {
  return (
    <li>
      <code>{node.authGrantId}</code> {node.subject} via <strong>{node.client_id}</strong> [{node.scope.join(' ')}] {audOf(node.aud)}{' '}
      <span className="status">{node.revoked ? 'revoked' : node.active ? 'active' : 'expired'}</span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <LineageTree key={c.authGrantId} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A user's or an agent's live delegations: the graph, a chosen grant's lineage, and revoking that branch. */
export function DelegationsPanel({ realm, owner }: { realm: string; owner: DelegationOwner }) {
  const [grants, setGrants] = useState<DelegationNode[] | null>(null);
  const [tree, setTree] = useState<DelegationNode | null>(null);
  const load = useAction();
  const act = useAction();
  const refresh = useCallback(() => {
    void load.run(async () => {
      const r = await call<QueryResult<DelegationNode>>('GET', listPath(realm, owner), Versions.identities);
      setGrants(r.result);
    });
  }, [realm, owner.kind, owner.id]);
  useEffect(refresh, [refresh]);
  const select = (g: DelegationNode) =>
    void act.run(async () => {
      setTree(await call<DelegationNode>('GET', `${realmJson(realm)}/delegations/${enc(g.authGrantId)}`, Versions.identities));
    });
  const revoke = (t: DelegationNode) =>
    void act.run(async () => {
      await call('DELETE', `${realmJson(realm)}/delegations/${enc(t.authGrantId)}`, Versions.identities);
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
      {grants && grants.length > 0 && <DelegationGraph grants={grants} selected={tree?.authGrantId} onSelect={select} />}
      <ErrorBox error={act.error} />
      {act.done && <div className="notice" role="status">{act.done}</div>}
      {tree && (
        <div className="card" data-testid="lineage">
          <h3>Lineage</h3>
          <ul>
            <LineageTree node={tree} />
          </ul>
          <button type="button" className="danger" disabled={act.busy || tree.revoked} onClick={() => revoke(tree)}>
            Revoke this branch
          </button>
        </div>
      )}
    </section>
  );
}

/** The admin page: pick a user or an agent, see its delegations. */
export function DelegationsView({ realm }: { realm: string }) {
  const [kind, setKind] = useState<'user' | 'agent'>('user');
  const [draft, setDraft] = useState('');
  const [owner, setOwner] = useState<DelegationOwner | null>(null);
  return (
    <section>
      <h1>Delegations</h1>
      <form
        className="searchbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft) setOwner({ kind, id: draft });
        }}
      >
        <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'user' | 'agent')}>
          <option value="user">User</option>
          <option value="agent">AI agent</option>
        </select>
        <input aria-label="Name" placeholder="username or agent id" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Show</button>
      </form>
      {owner && <DelegationsPanel key={`${owner.kind}/${owner.id}`} realm={realm} owner={owner} />}
    </section>
  );
}
