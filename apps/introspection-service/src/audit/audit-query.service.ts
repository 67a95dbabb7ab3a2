import { Inject, Injectable } from '@nestjs/common';
import type { ActiveSession, AuditEvent, AuditQueryReply, AuditQueryRequest, QueryFilter } from '@mandate/contracts';
import { AUDIT_EVENT_STORE, type AuditEventStore, type AuditPagePosition, CrestError, PrincipalAccess } from '@mandate/oauth';
import { RealmClient, RegistrationConfigClient, SessionClient } from '@mandate/platform';

/**
 * The audit query (issue 20 item 1): the realm's trail for amadmin only (401 without a live
 * session, 403 for anyone else); an AI agent's events (item 4) for amadmin and the agent's
 * owners, who never see refusal reasons. CREST paging by an opaque cookie that names where the
 * page ended.
 */
@Injectable()
export class AuditQueryService {
  private readonly access: PrincipalAccess;

  constructor(
    private readonly sessions: SessionClient,
    private readonly realms: RealmClient,
    config: RegistrationConfigClient,
    @Inject(AUDIT_EVENT_STORE) private readonly events: AuditEventStore,
  ) {
    this.access = new PrincipalAccess(sessions, config);
  }

  async query(request: AuditQueryRequest): Promise<AuditQueryReply> {
    const { path: realm } = await this.realms.resolve(request.realm);
    let viewer: ActiveSession;
    let filter: QueryFilter = request.filter;
    if (request.agentId === undefined) {
      viewer = await this.sessions.requireAdmin(request.tokenId);
    } else {
      viewer = await this.access.session(request.tokenId);
      await this.access.require(viewer, realm, { agents: [request.agentId] });
      // What the agent did, or did as an actor for somebody else.
      const agent = request.agentId;
      filter = { op: 'and', filters: [filter, { op: 'or', filters: [{ op: 'eq', field: ['client'], value: agent }, { op: 'co', field: ['actors'], value: agent }] }] };
    }
    const after = request.cookie === undefined ? undefined : decodeCookie(request.cookie);
    const page = await this.events.query({ realm, filter, sortKeys: request.sortKeys, pageSize: request.pageSize, after });
    const result = page.events.map((event) => resource(event, viewer.isAdmin));
    return {
      result,
      resultCount: result.length,
      pagedResultsCookie: page.next ? encodeCookie(page.next) : null,
      totalPagedResultsPolicy: 'NONE',
      totalPagedResults: -1,
      remainingPagedResults: -1,
    };
  }
}

/** An event as CREST answers it; the refusal reason is for administrators only (contract §3.6). */
function resource({ id, reason, ...event }: AuditEvent, isAdmin: boolean): Record<string, unknown> {
  return { _id: id, ...event, ...(isAdmin && reason !== undefined ? { reason } : {}) };
}

function encodeCookie(position: AuditPagePosition): string {
  return Buffer.from(JSON.stringify([position.values, position.id]), 'utf8').toString('base64url');
}

function decodeCookie(cookie: string): AuditPagePosition {
  try {
    const [values, id] = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as [unknown, unknown];
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || v === null) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { values: values as Array<string | null>, id };
    }
  } catch {
    // falls through
  }
  throw CrestError.badRequest('Invalid paged results cookie');
}
