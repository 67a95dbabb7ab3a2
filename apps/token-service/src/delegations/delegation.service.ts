import { Inject, Injectable } from '@nestjs/common';
import type { CrestQueryReply } from '@mandate/contracts';
import { CrestError, GRANT_CURSOR, PrincipalAccess, type GrantPage, type GrantPageResult, type StoredGrant, TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RealmClient, RegistrationConfigClient, RpcClient, SessionClient } from '@mandate/platform';
import { UserDirectory } from '../token-exchange/user-directory';

/** One grant of a lineage as the governance API writes it; `children` are the grants exchanged from it. */
export type DelegationNode = {
  authGrantId: string;
  subject: string;
  /** The client the grant was issued to (for an exchange, the acting client). */
  client_id: string;
  act?: Record<string, unknown>;
  /** The `act` chain, outermost (newest actor) first. */
  actors: string[];
  scope: string[];
  aud?: unknown;
  issued: string;
  expires: string;
  active: boolean;
  revoked: boolean;
  children: DelegationNode[];
};

/**
 * Delegation governance (issue 20 items 2 and 4): the lineage of a grant, its revocation with
 * every descendant, a user's active delegations, an AI agent's, and revoking every token of a
 * user. Every revocation here is a `token_revoked` audit event naming who revoked what.
 */
@Injectable()
export class DelegationService {
  private readonly access: PrincipalAccess;
  private readonly users: UserDirectory;

  constructor(
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    private readonly realms: RealmClient,
    sessions: SessionClient,
    config: RegistrationConfigClient,
    rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {
    this.access = new PrincipalAccess(sessions, config);
    this.users = new UserDirectory(rpc, 0);
  }

  /** `GET json/.../delegations/{authGrantId}`: amadmin, the grant's subject, or an owner of an agent of its chain. */
  async tree(realmPath: string, tokenId: string | undefined, authGrantId: string): Promise<DelegationNode> {
    const { lineage } = await this.readable(realmPath, tokenId, authGrantId);
    return treeOf(lineage, authGrantId, new Date());
  }

  /** `DELETE json/.../delegations/{authGrantId}`: revokes the grant and every descendant, answers the tree as it is now. */
  async revoke(realmPath: string, tokenId: string | undefined, authGrantId: string): Promise<DelegationNode> {
    const { realm, lineage, by } = await this.readable(realmPath, tokenId, authGrantId);
    await this.store.revokeByGrantId(authGrantId);
    const root = lineage[0];
    await this.audit.record({
      realm,
      event: 'token_revoked',
      outcome: 'success',
      subject: root?.subject,
      client: root?.clientId,
      actors: root?.actors,
      authGrantId,
      reason: `delegation revoked with its ${lineage.length - 1} descendant grants by ${by}`,
    });
    this.logger.info({ event: 'delegation.revoked', realm, authGrantId }, 'a delegation and its descendants were revoked');
    return treeOf(await this.store.lineage(realm, authGrantId), authGrantId, new Date());
  }

  /** `GET json/.../users/{username}/delegations`: the user with their own session, or amadmin. */
  async ofUser(realmPath: string, tokenId: string | undefined, username: string, page?: ListPage): Promise<CrestQueryReply> {
    const session = await this.access.session(tokenId);
    const { path: realm } = await this.realms.resolve(realmPath);
    const user = await this.users.lookup(realm, username);
    // A user who does not exist looks, to a non-admin, like anybody else's: 403, not 404.
    await this.access.require(session, realm, { userIds: user ? [user.userId] : [] });
    if (!user) throw CrestError.notFound(`User ${username} not found`);
    return queryReply(await this.store.delegationsOfSubject(realm, user.userId, new Date(), grantPage(page)));
  }

  /** `GET json/.../realm-config/agents/AIAgent/{agent}/delegations`: an owner of the agent, or amadmin. */
  async ofAgent(realmPath: string, tokenId: string | undefined, agentId: string, page?: ListPage): Promise<CrestQueryReply> {
    const session = await this.access.session(tokenId);
    const { path: realm } = await this.realms.resolve(realmPath);
    await this.access.require(session, realm, { agents: [agentId] });
    return queryReply(await this.store.delegationsOfActor(realm, agentId, new Date(), grantPage(page)));
  }

  /** `POST json/.../users/{username}?_action=revokeTokens` (amadmin): every grant of the user and all exchanged from them. */
  async revokeUser(realmPath: string, tokenId: string | undefined, username: string): Promise<{ revokedGrants: number }> {
    const session = await this.access.session(tokenId);
    const { path: realm } = await this.realms.resolve(realmPath);
    await this.access.require(session, realm, {});
    const user = await this.users.lookup(realm, username);
    if (!user) throw CrestError.notFound(`User ${username} not found`);
    const revokedGrants = await this.store.revokeSubject(realm, user.userId);
    await this.audit.record({ realm, event: 'token_revoked', outcome: 'success', subject: user.userId, reason: `every grant of the user revoked by ${sessionName(session)}: ${revokedGrants} grants` });
    this.logger.info({ event: 'user.tokens.revoked', realm, subject: user.userId, revokedGrants }, "a user's tokens were revoked");
    return { revokedGrants };
  }

  private async readable(realmPath: string, tokenId: string | undefined, authGrantId: string): Promise<{ realm: string; lineage: StoredGrant[]; by: string }> {
    const session = await this.access.session(tokenId);
    const { path: realm } = await this.realms.resolve(realmPath);
    const lineage = await this.store.lineage(realm, authGrantId);
    const root = lineage[0];
    // Unknown grants answer 403 to non-admins, as somebody else's would: ids are not probed.
    await this.access.require(session, realm, root ? { userIds: [root.subject], agents: [root.clientId, ...root.actors] } : {});
    if (!root) throw CrestError.notFound(`Delegation ${authGrantId} not found`);
    return { realm, lineage, by: sessionName(session) };
  }
}

/** Who acted, for the audit reason: the session's user name. */
function sessionName(session: { username?: string } | undefined): string {
  return session?.username ?? 'an unknown session';
}

function nodeOf(grant: StoredGrant, now: Date): Omit<DelegationNode, 'children'> {
  const revoked = grant.revokedAt !== null;
  return {
    authGrantId: grant.authGrantId,
    subject: grant.subject,
    client_id: grant.clientId,
    ...(grant.details?.act ? { act: grant.details.act } : {}),
    actors: grant.actors,
    scope: grant.details?.scope ?? [],
    ...(grant.details?.aud !== undefined ? { aud: grant.details.aud } : {}),
    issued: grant.createdAt.toISOString(),
    expires: grant.expiresAt.toISOString(),
    active: !revoked && grant.expiresAt > now,
    revoked,
  };
}

/** The lineage as a tree: a grant's children are the grants that name it as a parent. */
function treeOf(lineage: StoredGrant[], rootId: string, now: Date): DelegationNode {
  const build = (grant: StoredGrant, path: Set<string>): DelegationNode => {
    const children = lineage
      .filter((child) => child.parentGrantIds.includes(grant.authGrantId) && !path.has(child.authGrantId))
      .map((child) => build(child, new Set([...path, child.authGrantId])));
    return { ...nodeOf(grant, now), children };
  };
  const root = lineage.find((grant) => grant.authGrantId === rootId);
  if (!root) throw CrestError.notFound(`Delegation ${rootId} not found`);
  return { _id: rootId, ...build(root, new Set([rootId])) } as DelegationNode;
}

/** CREST paging of a delegation list: `_pageSize` (default and at most 1000) and the previous page's `_pagedResultsCookie`. */
export interface ListPage {
  pageSize?: number;
  cookie?: string;
}

/** The store's page from the CREST one; the cookie is the store's cursor in base64url, and anything else a 400. */
function grantPage(page: ListPage = {}): GrantPage {
  const size = page.pageSize ?? 1000;
  if (page.cookie === undefined) return { size };
  const after = Buffer.from(page.cookie, 'base64url').toString('utf8');
  if (!GRANT_CURSOR.test(after)) throw CrestError.badRequest('Invalid _pagedResultsCookie');
  return { size, after };
}

function queryReply({ grants, next }: GrantPageResult): CrestQueryReply {
  const now = new Date();
  const result = grants.map((grant) => ({ _id: grant.authGrantId, ...nodeOf(grant, now) }));
  const pagedResultsCookie = next === null ? null : Buffer.from(next, 'utf8').toString('base64url');
  return { result, resultCount: result.length, pagedResultsCookie, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 };
}
