import type { ActiveSession, ClientView } from '@mandate/contracts';
import { CrestError } from '../errors/crest-error';

/**
 * Who asks, and on what grounds (issue 20): amadmin, the user themself, an owner of an AI agent.
 * Shared by the governance APIs of token-service (delegations) and introspection-service (an
 * agent's audit events); the two lookups are the platform's session and configuration clients.
 */
export class PrincipalAccess {
  constructor(
    private readonly sessions: { validate(tokenId: string | undefined): Promise<ActiveSession | undefined> },
    private readonly config: { client(realm: string, clientId: string): Promise<ClientView | null | undefined> },
  ) {}

  /** A live session, else 401 CREST. */
  async session(tokenId: string | undefined): Promise<ActiveSession> {
    const session = await this.sessions.validate(tokenId);
    if (!session) throw CrestError.unauthorized('Access Denied');
    return session;
  }

  /** amadmin, or a user of this realm who is one of `userIds` or owns one of `agents`; else 403 CREST. */
  async require(session: ActiveSession, realm: string, grounds: { userIds?: string[]; agents?: string[] }): Promise<void> {
    if (session.isAdmin) return;
    if (session.realm === realm) {
      if (grounds.userIds?.includes(session.userId)) return;
      for (const agent of grounds.agents ?? []) if (await this.owns(session, realm, agent)) return;
    }
    throw forbidden(session);
  }

  /** Whether the session's user is among the agent's `owners`. */
  async owns(session: ActiveSession, realm: string, agentId: string): Promise<boolean> {
    const agent = await this.config.client(realm, agentId);
    return agent?.agentType === 'AIAgent' && (agent.owners ?? []).includes(session.username);
  }
}

export function forbidden(session: ActiveSession): CrestError {
  return CrestError.forbidden(`User, ${session.username}, not authorized.`);
}
